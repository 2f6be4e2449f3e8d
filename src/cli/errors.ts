/** Exit codes shared by every command: util/errors.ts holds the table (app/outcome.ts maps outcomes to it). */
export { EXIT } from '../util/errors.js';
