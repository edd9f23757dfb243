// A crash of the tool itself is a finding (the engine runs it last; src/engine/internal-error.ts).
export { default } from '../src/engine/internal-error.js';
