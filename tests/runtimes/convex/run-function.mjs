// Run one registered Convex function from a bundle the way the runtime does: through the
// `invokeMutation` / `invokeQuery` / `invokeAction` hooks that `mutation()` etc. attach, with
// JSON arguments in and a JSON (convexToJson) result out. Usage: run-function.mjs FILE EXPORT KIND
import { pathToFileURL } from "node:url";

const [file, exportName, kind] = process.argv.slice(2);
const mod = await import(pathToFileURL(file).href);
const fn = mod[exportName];
if (!fn) throw new Error(`${file} has no export ${exportName}`);
let result;
if (kind === "mutation") {
  if (!fn.isMutation) throw new Error(`${exportName} is not a mutation`);
  result = await fn.invokeMutation("[{}]");
} else if (kind === "query") {
  if (!fn.isQuery) throw new Error(`${exportName} is not a query`);
  result = await fn.invokeQuery("[{}]");
} else if (kind === "action") {
  if (!fn.isAction) throw new Error(`${exportName} is not an action`);
  result = await fn.invokeAction("request-1", "[{}]");
} else throw new Error(`unknown kind ${kind}`);
console.log("RESULT_JSON " + result);
