/**
 * Preloaded by scripts/lib/run-tool.sh into every operator tool: a failure the tool did not
 * handle (an unknown user, an emulator that does not answer) is one line on stderr and exit
 * code 1, not a stack trace. DEBUG=1 keeps the stack.
 */
process.on('uncaughtException', (error: unknown) => {
  console.error(process.env.DEBUG ? error : `error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
