import { defineConfig } from 'vitest/config';

// The image test (scripts/image-test.sh runs it after building the image): its
// own config, because its files end in .image-test.ts, which the normal unit and
// integration projects do not pick up (they need a built image and podman).
// No global build: scripts/image-test.sh builds dist/ (the TV's discover client).
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/image/**/*.image-test.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
