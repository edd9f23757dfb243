import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'rules/**/*.test.ts', 'test/**/*.test.ts'],
    // Generous: CI and shared machines run the suite on 2 loaded cores; a hang is still caught.
    testTimeout: 120_000,
    pool: 'forks',
    // Offset-kept ranges compare as the plain ranges they stand for (test/setup-ranges.ts).
    setupFiles: ['test/setup-ranges.ts'],
  },
});
