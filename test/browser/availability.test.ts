import { browserAvailability } from './browserHarness';

describe('whether the browser test may run', () => {
  it.each([
    { what: 'the browser is installed', executable: process.execPath, ci: 'true', expected: 'run' },
    { what: 'the browser is missing in CI', executable: '/nonexistent/chromium', ci: 'true', expected: 'fail' },
    { what: 'the browser is missing in CI (CI=1)', executable: '/nonexistent/chromium', ci: '1', expected: 'fail' },
    { what: 'the browser is missing on a developer machine', executable: '/nonexistent/chromium', ci: undefined, expected: 'skip' },
  ])('when $what, then the browser test must $expected', ({ executable, ci, expected }) => {
    expect(browserAvailability(executable, ci)).toBe(expected);
  });
});
