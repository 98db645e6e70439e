import { noneMatch, weakEntityTag } from './entity-tag';

describe('entity tags', () => {
  const version = '3f9a0c21d4e5b678';

  it('tags a version weakly', () => {
    expect(weakEntityTag(version)).toBe(`W/"${version}"`);
  });

  it.each([
    [`W/"${version}"`, 'the weak tag as sent'],
    [`"${version}"`, 'the strong form (compared weakly)'],
    [`"other", W/"${version}"`, 'a comma-separated list'],
    [`W/"a",W/"${version}",W/"b"`, 'a list without spaces'],
    [` \tW/"${version}" `, 'with spaces around'],
  ])('%s names the version: %s', (header) => {
    expect(noneMatch(header, version)).toBe('tag');
  });

  it.each([
    [`W/"${version.slice(1)}"`, 'another tag'],
    [`W/"${version}0"`, 'a longer tag'],
    [version, 'the version unquoted (no entity tag)'],
    ['', 'an empty header'],
    ['W/""', 'an empty tag'],
    [`"a", "b"`, 'a list of others'],
  ])('%s does not: %s', (header) => {
    expect(noneMatch(header, version)).toBe('none');
  });

  it('`*` asks for any representation; inside a list it is no entity tag', () => {
    expect(noneMatch('*', version)).toBe('any');
    expect(noneMatch(' * ', version)).toBe('any');
    expect(noneMatch('*, "a"', version)).toBe('none');
  });
});
