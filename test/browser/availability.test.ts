import { browserAvailability } from './browserHarness';

describe('whether the browser test may run', () => {
  it.each([
    { what: 'the browser is installed', executable: process.execPath, env: { CI: 'true' }, expected: 'run' },
    { what: 'the browser is missing in CI', executable: '/nonexistent/chromium', env: { CI: 'true' }, expected: 'fail' },
    { what: 'the browser is missing in CI (CI=1)', executable: '/nonexistent/chromium', env: { CI: '1' }, expected: 'fail' },
    { what: 'the browser is missing on a developer machine', executable: '/nonexistent/chromium', env: {}, expected: 'skip' },
  ])('when $what, then the browser test must $expected', ({ executable, env, expected }) => {
    expect(browserAvailability(executable, env)).toBe(expected);
  });
});
