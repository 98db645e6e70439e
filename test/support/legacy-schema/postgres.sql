-- A PostgreSQL database as the earlier, PostgreSQL-only migration set left it (its last migration BidderNumbers1764300000000):
-- its schema and its `migrations` rows, empty otherwise. Written once by `pg_dump --no-owner
-- --no-privileges --inserts` (PostgreSQL 15, psql's \restrict lines left out) from a database those
-- migrations had just created; never edit it by hand. migrations.e2e-spec.ts upgrades it in place.
--
-- PostgreSQL database dump
--


-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: auctions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.auctions (
    id integer NOT NULL,
    seller_id integer NOT NULL,
    title character varying(120) NOT NULL,
    description character varying(5000) DEFAULT ''::character varying NOT NULL,
    car_id integer,
    make character varying(64) NOT NULL,
    model character varying(128) NOT NULL,
    year integer NOT NULL,
    starting_price_cents integer NOT NULL,
    reserve_price_cents integer,
    min_increment_cents integer NOT NULL,
    current_price_cents integer NOT NULL,
    bid_count integer DEFAULT 0 NOT NULL,
    leading_bidder_id integer,
    status character varying(16) DEFAULT 'active'::character varying NOT NULL,
    starts_at timestamp with time zone NOT NULL,
    ends_at timestamp with time zone NOT NULL,
    closed_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    condition character varying(16),
    fuel_type character varying(16),
    transmission character varying(16),
    color character varying(32),
    engine character varying(64),
    features text NOT NULL
);


--
-- Name: auctions_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.auctions_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: auctions_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.auctions_id_seq OWNED BY public.auctions.id;


--
-- Name: bids; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.bids (
    id integer NOT NULL,
    auction_id integer NOT NULL,
    bidder_id integer,
    amount_cents integer NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    bidder_number integer NOT NULL
);


--
-- Name: bids_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.bids_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: bids_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.bids_id_seq OWNED BY public.bids.id;


--
-- Name: cars; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.cars (
    id integer NOT NULL,
    make character varying(64) NOT NULL,
    model character varying(128) NOT NULL,
    year integer NOT NULL,
    category character varying(64),
    source character varying(8) DEFAULT 'manual'::character varying NOT NULL,
    external_id character varying(32),
    removed_at timestamp with time zone,
    created_by_id integer,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: cars_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.cars_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: cars_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.cars_id_seq OWNED BY public.cars.id;


--
-- Name: favorites; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.favorites (
    id integer NOT NULL,
    user_id integer NOT NULL,
    listing_id integer,
    auction_id integer,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: favorites_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.favorites_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: favorites_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.favorites_id_seq OWNED BY public.favorites.id;


--
-- Name: listings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.listings (
    id integer NOT NULL,
    seller_id integer NOT NULL,
    car_id integer,
    make character varying(64) NOT NULL,
    model character varying(128) NOT NULL,
    year integer NOT NULL,
    price_cents integer NOT NULL,
    mileage integer NOT NULL,
    description character varying(5000) DEFAULT ''::character varying NOT NULL,
    condition character varying(16),
    fuel_type character varying(16),
    transmission character varying(16),
    color character varying(32),
    engine character varying(64),
    features text NOT NULL,
    status character varying(16) DEFAULT 'active'::character varying NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: listings_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.listings_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: listings_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.listings_id_seq OWNED BY public.listings.id;


--
-- Name: migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.migrations (
    id integer NOT NULL,
    "timestamp" bigint NOT NULL,
    name character varying NOT NULL
);


--
-- Name: migrations_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.migrations_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: migrations_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.migrations_id_seq OWNED BY public.migrations.id;


--
-- Name: refresh_tokens; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.refresh_tokens (
    id integer NOT NULL,
    session_id integer NOT NULL,
    token_hash character varying(64) NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    rotated_at timestamp with time zone
);


--
-- Name: refresh_tokens_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.refresh_tokens_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: refresh_tokens_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.refresh_tokens_id_seq OWNED BY public.refresh_tokens.id;


--
-- Name: sessions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sessions (
    id integer NOT NULL,
    user_id integer NOT NULL,
    user_agent character varying(255),
    ip character varying(64),
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    last_used_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone
);


--
-- Name: sessions_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.sessions_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: sessions_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.sessions_id_seq OWNED BY public.sessions.id;


--
-- Name: sync_runs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sync_runs (
    id integer NOT NULL,
    job_id character varying(64) NOT NULL,
    trigger character varying(16) NOT NULL,
    status character varying(16) NOT NULL,
    full_pass boolean DEFAULT false NOT NULL,
    started_at timestamp with time zone NOT NULL,
    finished_at timestamp with time zone,
    fetched integer DEFAULT 0 NOT NULL,
    inserted integer DEFAULT 0 NOT NULL,
    updated integer DEFAULT 0 NOT NULL,
    unchanged integer DEFAULT 0 NOT NULL,
    failed integer DEFAULT 0 NOT NULL,
    removed integer DEFAULT 0 NOT NULL,
    error character varying(1000)
);


--
-- Name: sync_runs_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.sync_runs_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: sync_runs_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.sync_runs_id_seq OWNED BY public.sync_runs.id;


--
-- Name: sync_seen; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sync_seen (
    run_id integer NOT NULL,
    external_id character varying(32) NOT NULL
);


--
-- Name: sync_state; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sync_state (
    id integer NOT NULL,
    cursor_updated_at character varying(32),
    runs_since_full_pass integer DEFAULT 0 NOT NULL
);


--
-- Name: transactions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.transactions (
    id integer NOT NULL,
    listing_id integer,
    auction_id integer,
    buyer_id integer,
    seller_id integer,
    price_cents integer NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: transactions_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.transactions_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: transactions_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.transactions_id_seq OWNED BY public.transactions.id;


--
-- Name: users; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.users (
    id integer NOT NULL,
    username character varying(32) NOT NULL,
    email character varying(254) NOT NULL,
    password_hash character varying(255) NOT NULL,
    role character varying(16) DEFAULT 'user'::character varying NOT NULL,
    display_name character varying(64),
    phone character varying(32),
    address character varying(255),
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: users_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.users_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: users_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.users_id_seq OWNED BY public.users.id;


--
-- Name: auctions id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auctions ALTER COLUMN id SET DEFAULT nextval('public.auctions_id_seq'::regclass);


--
-- Name: bids id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bids ALTER COLUMN id SET DEFAULT nextval('public.bids_id_seq'::regclass);


--
-- Name: cars id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.cars ALTER COLUMN id SET DEFAULT nextval('public.cars_id_seq'::regclass);


--
-- Name: favorites id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.favorites ALTER COLUMN id SET DEFAULT nextval('public.favorites_id_seq'::regclass);


--
-- Name: listings id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.listings ALTER COLUMN id SET DEFAULT nextval('public.listings_id_seq'::regclass);


--
-- Name: migrations id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.migrations ALTER COLUMN id SET DEFAULT nextval('public.migrations_id_seq'::regclass);


--
-- Name: refresh_tokens id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.refresh_tokens ALTER COLUMN id SET DEFAULT nextval('public.refresh_tokens_id_seq'::regclass);


--
-- Name: sessions id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sessions ALTER COLUMN id SET DEFAULT nextval('public.sessions_id_seq'::regclass);


--
-- Name: sync_runs id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sync_runs ALTER COLUMN id SET DEFAULT nextval('public.sync_runs_id_seq'::regclass);


--
-- Name: transactions id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.transactions ALTER COLUMN id SET DEFAULT nextval('public.transactions_id_seq'::regclass);


--
-- Name: users id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users ALTER COLUMN id SET DEFAULT nextval('public.users_id_seq'::regclass);


--
-- Data for Name: auctions; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: bids; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: cars; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: favorites; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: listings; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: migrations; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.migrations VALUES (1, 1763700000000, 'Initial1763700000000');
INSERT INTO public.migrations VALUES (2, 1763800000000, 'Cars1763800000000');
INSERT INTO public.migrations VALUES (3, 1763900000000, 'Marketplace1763900000000');
INSERT INTO public.migrations VALUES (4, 1764000000000, 'Auctions1764000000000');
INSERT INTO public.migrations VALUES (5, 1764100000000, 'CarListIndexes1764100000000');
INSERT INTO public.migrations VALUES (6, 1764200000000, 'CarListCoveringIndex1764200000000');
INSERT INTO public.migrations VALUES (7, 1764300000000, 'BidderNumbers1764300000000');


--
-- Data for Name: refresh_tokens; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: sessions; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: sync_runs; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: sync_seen; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: sync_state; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: transactions; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: users; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Name: auctions_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.auctions_id_seq', 1, false);


--
-- Name: bids_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.bids_id_seq', 1, false);


--
-- Name: cars_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.cars_id_seq', 1, false);


--
-- Name: favorites_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.favorites_id_seq', 1, false);


--
-- Name: listings_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.listings_id_seq', 1, false);


--
-- Name: migrations_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.migrations_id_seq', 7, true);


--
-- Name: refresh_tokens_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.refresh_tokens_id_seq', 1, false);


--
-- Name: sessions_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.sessions_id_seq', 1, false);


--
-- Name: sync_runs_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.sync_runs_id_seq', 1, false);


--
-- Name: transactions_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.transactions_id_seq', 1, false);


--
-- Name: users_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.users_id_seq', 1, false);


--
-- Name: sessions PK_3238ef96f18b355b671619111bc; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY (id);


--
-- Name: sync_seen PK_426a27d046e8f203758a0129f46; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sync_seen
    ADD CONSTRAINT "PK_426a27d046e8f203758a0129f46" PRIMARY KEY (run_id, external_id);


--
-- Name: sync_state PK_4c68d03775b8818b4e50b6dba84; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sync_state
    ADD CONSTRAINT "PK_4c68d03775b8818b4e50b6dba84" PRIMARY KEY (id);


--
-- Name: listings PK_520ecac6c99ec90bcf5a603cdcb; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.listings
    ADD CONSTRAINT "PK_520ecac6c99ec90bcf5a603cdcb" PRIMARY KEY (id);


--
-- Name: bids PK_7950d066d322aab3a488ac39fe5; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bids
    ADD CONSTRAINT "PK_7950d066d322aab3a488ac39fe5" PRIMARY KEY (id);


--
-- Name: refresh_tokens PK_7d8bee0204106019488c4c50ffa; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.refresh_tokens
    ADD CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY (id);


--
-- Name: auctions PK_87d2b34d4829f0519a5c5570368; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auctions
    ADD CONSTRAINT "PK_87d2b34d4829f0519a5c5570368" PRIMARY KEY (id);


--
-- Name: favorites PK_890818d27523748dd36a4d1bdc8; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.favorites
    ADD CONSTRAINT "PK_890818d27523748dd36a4d1bdc8" PRIMARY KEY (id);


--
-- Name: migrations PK_8c82d7f526340ab734260ea46be; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.migrations
    ADD CONSTRAINT "PK_8c82d7f526340ab734260ea46be" PRIMARY KEY (id);


--
-- Name: transactions PK_a219afd8dd77ed80f5a862f1db9; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.transactions
    ADD CONSTRAINT "PK_a219afd8dd77ed80f5a862f1db9" PRIMARY KEY (id);


--
-- Name: users PK_a3ffb1c0c8416b9fc6f907b7433; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY (id);


--
-- Name: sync_runs PK_adf13fff41a683b3b991fb90b11; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sync_runs
    ADD CONSTRAINT "PK_adf13fff41a683b3b991fb90b11" PRIMARY KEY (id);


--
-- Name: cars PK_fc218aa84e79b477d55322271b6; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.cars
    ADD CONSTRAINT "PK_fc218aa84e79b477d55322271b6" PRIMARY KEY (id);


--
-- Name: IDX_97672ac88f789774dd47f7c8be; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX "IDX_97672ac88f789774dd47f7c8be" ON public.users USING btree (email);


--
-- Name: IDX_9b3fc99e79df1bcad1da2476e1; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "IDX_9b3fc99e79df1bcad1da2476e1" ON public.sessions USING btree (user_id, revoked_at);


--
-- Name: IDX_a7838d2ba25be1342091b6695f; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX "IDX_a7838d2ba25be1342091b6695f" ON public.refresh_tokens USING btree (token_hash);


--
-- Name: IDX_auctions_created_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "IDX_auctions_created_at" ON public.auctions USING btree (created_at);


--
-- Name: IDX_auctions_seller_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "IDX_auctions_seller_id" ON public.auctions USING btree (seller_id);


--
-- Name: IDX_auctions_status_ends_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "IDX_auctions_status_ends_at" ON public.auctions USING btree (status, ends_at);


--
-- Name: IDX_bids_auction_id_amount; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "IDX_bids_auction_id_amount" ON public.bids USING btree (auction_id, amount_cents);


--
-- Name: IDX_bids_auction_id_bidder_number; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "IDX_bids_auction_id_bidder_number" ON public.bids USING btree (auction_id, bidder_number);


--
-- Name: IDX_bids_bidder_id_auction_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "IDX_bids_bidder_id_auction_id" ON public.bids USING btree (bidder_id, auction_id, bidder_number);


--
-- Name: IDX_cars_created_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "IDX_cars_created_at" ON public.cars USING btree (created_at);


--
-- Name: IDX_cars_make_year; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "IDX_cars_make_year" ON public.cars USING btree (lower((make)::text), year, removed_at, make, id);


--
-- Name: IDX_cars_year; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "IDX_cars_year" ON public.cars USING btree (year);


--
-- Name: IDX_listings_seller_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "IDX_listings_seller_id" ON public.listings USING btree (seller_id);


--
-- Name: IDX_listings_status_created_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "IDX_listings_status_created_at" ON public.listings USING btree (status, created_at);


--
-- Name: IDX_listings_status_price; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "IDX_listings_status_price" ON public.listings USING btree (status, price_cents);


--
-- Name: IDX_refresh_tokens_session_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "IDX_refresh_tokens_session_id" ON public.refresh_tokens USING btree (session_id);


--
-- Name: IDX_sync_runs_job_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "IDX_sync_runs_job_id" ON public.sync_runs USING btree (job_id);


--
-- Name: IDX_transactions_buyer_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "IDX_transactions_buyer_id" ON public.transactions USING btree (buyer_id);


--
-- Name: IDX_transactions_seller_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "IDX_transactions_seller_id" ON public.transactions USING btree (seller_id);


--
-- Name: UQ_cars_external_id; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX "UQ_cars_external_id" ON public.cars USING btree (external_id);


--
-- Name: UQ_cars_make_model_year; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX "UQ_cars_make_model_year" ON public.cars USING btree (lower((make)::text), lower((model)::text), year);


--
-- Name: UQ_favorites_user_auction; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX "UQ_favorites_user_auction" ON public.favorites USING btree (user_id, auction_id);


--
-- Name: UQ_favorites_user_listing; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX "UQ_favorites_user_listing" ON public.favorites USING btree (user_id, listing_id);


--
-- Name: UQ_transactions_auction_id; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX "UQ_transactions_auction_id" ON public.transactions USING btree (auction_id);


--
-- Name: UQ_transactions_listing_id; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX "UQ_transactions_listing_id" ON public.transactions USING btree (listing_id);


--
-- Name: UQ_users_username_lower; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX "UQ_users_username_lower" ON public.users USING btree (lower((username)::text));


--
-- Name: sessions FK_085d540d9f418cfbdc7bd55bb19; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT "FK_085d540d9f418cfbdc7bd55bb19" FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: auctions FK_09b4bd9b233925ae07537cf77a1; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auctions
    ADD CONSTRAINT "FK_09b4bd9b233925ae07537cf77a1" FOREIGN KEY (car_id) REFERENCES public.cars(id) ON DELETE SET NULL;


--
-- Name: auctions FK_0cc14a58a02d6cf816e906d2c6b; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auctions
    ADD CONSTRAINT "FK_0cc14a58a02d6cf816e906d2c6b" FOREIGN KEY (seller_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: listings FK_0f5815be6a4fb4d4fd7b3b261c0; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.listings
    ADD CONSTRAINT "FK_0f5815be6a4fb4d4fd7b3b261c0" FOREIGN KEY (car_id) REFERENCES public.cars(id) ON DELETE SET NULL;


--
-- Name: transactions FK_214e8e26a3bc13250ef55e9a1af; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.transactions
    ADD CONSTRAINT "FK_214e8e26a3bc13250ef55e9a1af" FOREIGN KEY (seller_id) REFERENCES public.users(id) ON DELETE SET NULL;


--
-- Name: favorites FK_35a6b05ee3b624d0de01ee50593; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.favorites
    ADD CONSTRAINT "FK_35a6b05ee3b624d0de01ee50593" FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: refresh_tokens FK_3bf308fa93da3966f9e76fcfba4; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.refresh_tokens
    ADD CONSTRAINT "FK_3bf308fa93da3966f9e76fcfba4" FOREIGN KEY (session_id) REFERENCES public.sessions(id) ON DELETE CASCADE;


--
-- Name: listings FK_6d2846ee6b337ce5225c8c7286b; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.listings
    ADD CONSTRAINT "FK_6d2846ee6b337ce5225c8c7286b" FOREIGN KEY (seller_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: favorites FK_74e0699c35d78e39b229d64f34f; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.favorites
    ADD CONSTRAINT "FK_74e0699c35d78e39b229d64f34f" FOREIGN KEY (listing_id) REFERENCES public.listings(id) ON DELETE CASCADE;


--
-- Name: auctions FK_7acedd6ed7ca6b1b1d56e0aa387; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auctions
    ADD CONSTRAINT "FK_7acedd6ed7ca6b1b1d56e0aa387" FOREIGN KEY (leading_bidder_id) REFERENCES public.users(id) ON DELETE SET NULL;


--
-- Name: bids FK_7d24f04e55838b694acc9d35bfe; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bids
    ADD CONSTRAINT "FK_7d24f04e55838b694acc9d35bfe" FOREIGN KEY (auction_id) REFERENCES public.auctions(id) ON DELETE CASCADE;


--
-- Name: transactions FK_8c9b301d18f4ed8cacff33664c6; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.transactions
    ADD CONSTRAINT "FK_8c9b301d18f4ed8cacff33664c6" FOREIGN KEY (buyer_id) REFERENCES public.users(id) ON DELETE SET NULL;


--
-- Name: transactions FK_9d0843c41ab91a42b73d4205caa; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.transactions
    ADD CONSTRAINT "FK_9d0843c41ab91a42b73d4205caa" FOREIGN KEY (listing_id) REFERENCES public.listings(id) ON DELETE SET NULL;


--
-- Name: bids FK_bc7e4d3d2bdc4c8d9695938d8e4; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bids
    ADD CONSTRAINT "FK_bc7e4d3d2bdc4c8d9695938d8e4" FOREIGN KEY (bidder_id) REFERENCES public.users(id) ON DELETE SET NULL;


--
-- Name: cars FK_f74a7254ad6b852d48de0e0558a; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.cars
    ADD CONSTRAINT "FK_f74a7254ad6b852d48de0e0558a" FOREIGN KEY (created_by_id) REFERENCES public.users(id) ON DELETE SET NULL;


--
-- PostgreSQL database dump complete
--


