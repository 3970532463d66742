export * from '../../src/netns/testbed.js';
