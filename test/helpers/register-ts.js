/* global __dirname */
// Lets a plain `node` process run the TypeScript source: `node -r ./test/helpers/register-ts.js bot/server.ts`.
// Each .ts file is compiled as it loads by TypeScript's own transpiler, with the project's compiler options and
// no type check (that is `npm run typecheck`). The tests start their child processes this way so that they run
// the source as it is now, never whatever build was last left in dist/.
const { readFileSync } = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const root = path.join(__dirname, '..', '..');
const tsconfig = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile).config;
const { options } = ts.convertCompilerOptionsFromJson(tsconfig.compilerOptions, root);
// Source maps inline, so that `--enable-source-maps` points stack traces at the .ts lines.
const compilerOptions = { ...options, sourceMap: false, inlineSourceMap: true, inlineSources: true };

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
    compilerOptions,
    fileName: filename,
  });
  module._compile(outputText, filename);
};
