// Fix's API for other modules (profile sync).
export { fixProfileText, type FixResult } from './fix.js';
