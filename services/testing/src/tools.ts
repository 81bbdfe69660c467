import fs from 'node:fs';
import path from 'node:path';

/** The command-line tools tests run, with the variable `make test` passes each one's path in. */
const TOOL_VARIABLES = { grpcurl: 'GRPCURL', promtool: 'PROMTOOL' } as const;

/** A tool some tests run: pinned in mk/tools.mk, installed by `make test` itself. */
export type Tool = keyof typeof TOOL_VARIABLES;

/** The project-local folder `make tools` installs into. */
const BIN = path.resolve(__dirname, '../../../bin');

const isExecutable = (file: string) => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

/**
 * The tool's path: the variable `make test` sets (GRPCURL, PROMTOOL), else PATH, else bin/, as
 * scripts/tools.sh finds it. It throws, saying how to install it, rather than let a test skip.
 */
export function toolPath(tool: Tool): string {
  const variable = TOOL_VARIABLES[tool];
  const given = process.env[variable];
  if (given) {
    if (!isExecutable(given)) throw new Error(`${variable}=${given} is not an executable file`);
    return given;
  }
  const candidates = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), BIN].map((dir) =>
    path.join(dir, tool),
  );
  const found = candidates.find(isExecutable);
  if (found) return found;
  throw new Error(
    `${tool} is needed by this test and was not found on PATH or in bin/. ` +
      `Install it with \`make tool-${tool}\` (or \`scripts/tools.sh install ${tool}\`), or set ${variable}; ` +
      '`make test` installs it itself.',
  );
}
