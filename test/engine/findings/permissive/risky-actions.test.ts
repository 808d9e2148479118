import assert from "node:assert/strict";
import { test } from "node:test";
import {
  CREDENTIALS_EXPOSURE,
  DATA_EXFILTRATION,
  POLICY_WRITES,
  RESOURCE_EXPOSURE,
  SHARING_WRITES,
} from "../../../../core/engine/findings/permissive/risky-actions.js";
import { catalog } from "../../../helpers/catalog.js";

const classes = { CREDENTIALS_EXPOSURE, DATA_EXFILTRATION, RESOURCE_EXPOSURE, SHARING_WRITES, POLICY_WRITES };

for (const [name, actions] of Object.entries(classes)) {
  test(`${name} is non-empty, without duplicates, and every entry is a catalog action in its casing`, () => {
    assert.ok(actions.length > 0);
    assert.equal(new Set(actions).size, actions.length);
    for (const action of actions) assert.equal(catalog.action(action)?.key, action);
  });
}
