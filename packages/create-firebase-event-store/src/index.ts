/**
 * create-firebase-event-store: `npm create firebase-event-store <folder>` (the `bin`), and the
 * same scaffold as a function, for tools that create a project programmatically.
 */

// Scaffolding a project
export { createProject, type CreateProjectOptions } from './create-project.js';
