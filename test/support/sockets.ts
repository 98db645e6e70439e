import { io, ManagerOptions, Socket, SocketOptions } from 'socket.io-client';
import { AUCTIONS_NAMESPACE } from '../../src/realtime/auction-events';

/** How a socket opened: with the server's `connection_response`, or refused in the handshake. */
export interface Opened {
  socket?: Socket;
  hello?: { userId: number; username: string };
  /** The `connect_error` message, and its `data` (the status the server refused with). */
  refused?: string;
  data?: { statusCode?: number; message?: string };
}

/** Socket.IO clients of the live auctions, all disconnected by `closeAll()` (in afterEach or afterAll). */
export class SocketClients {
  private readonly sockets: Socket[] = [];

  /**
   * Connects to the auctions namespace of the API at `url` with `auth` (over WebSocket, never
   * reconnecting); resolves once the server has greeted it with `connection_response`, so it is
   * in its user's room, or with the refusal, the refused socket closed.
   */
  open(
    url: string,
    auth: Record<string, unknown>,
    options: Partial<ManagerOptions & SocketOptions> = {},
  ): Promise<Opened> {
    const socket = io(`${url}${AUCTIONS_NAMESPACE}`, {
      auth,
      transports: ['websocket'],
      reconnection: false,
      ...options,
    });
    this.sockets.push(socket);
    return new Promise((resolve) => {
      socket.once('connection_response', (hello: Opened['hello']) => resolve({ socket, hello }));
      socket.once('connect_error', (error: Error & { data?: Opened['data'] }) => {
        socket.close();
        resolve({ refused: error.message, data: error.data });
      });
    });
  }

  /** `open`, failing with the refusal if there is one. */
  async connected(url: string, auth: Record<string, unknown>): Promise<Socket> {
    const { socket, refused } = await this.open(url, auth);
    if (!socket) throw new Error(`socket refused: ${refused}`);
    return socket;
  }

  closeAll(): void {
    this.sockets.splice(0).forEach((socket) => socket.disconnect());
  }
}

/** The next `event` on `socket`; fails after `timeoutMs`. */
export const nextEvent = <T>(socket: Socket, event: string, timeoutMs = 10_000): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
