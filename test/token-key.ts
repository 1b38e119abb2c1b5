/** The meter-token key the tests run the Worker with (vitest.config.ts binds it). */
export const TEST_TOKEN_KEY = 'test-meter-token-key';
