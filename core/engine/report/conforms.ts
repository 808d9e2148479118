import type { z } from "zod";

type Check = (value: unknown) => boolean;

/**
 * A test of whether `schema.parse(value)` would succeed and return `value` itself but for identity:
 * the same keys in the same order, the same values. Compiled once from the zod schema's definition
 * and conservative: any type, check or shape it does not know, a key out of the schema's order, an
 * absent key zod would fill with a default, an object that is not a plain one, a record key zod
 * would drop (`__proto__`) or refuse (a symbol), all answer false, and the caller then lets zod
 * parse (and refuse, or copy) as before. So do accessors, non-enumerable or symbol keys, an array
 * of another prototype or with properties besides its elements: zod's copy has none of them, and
 * a `toJSON` among them would make the written report differ from the one checked.
 */
export function conformsTo(schema: z.ZodType): Check {
  let check = compiled.get(schema);
  if (!check) {
    check = compile(schema);
    compiled.set(schema, check);
  }
  return check;
}

const compiled = new WeakMap<z.ZodType, Check>();
const never: Check = () => false;

interface Def {
  type: string;
  coerce?: boolean;
  checks?: readonly {
    _zod: { def: { check: string; format?: string; value?: unknown; inclusive?: boolean } };
  }[];
  entries?: Record<string, unknown>;
  values?: readonly unknown[];
  innerType?: z.ZodType;
  element?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
}

function compile(schema: z.ZodType): Check {
  const def = schema._zod.def as unknown as Def;
  // A coerced value is not the input.
  if (def.coerce) return never;
  if (def.type === "number") return numberCheck(def);
  if (def.checks !== undefined && def.checks.length > 0) return never;
  switch (def.type) {
    case "string":
      return (v) => typeof v === "string";
    case "boolean":
      return (v) => typeof v === "boolean";
    case "unknown":
      return () => true;
    case "enum": {
      const values = new Set(Object.values(def.entries!));
      return (v) => values.has(v);
    }
    case "literal": {
      const values = new Set(def.values);
      return (v) => values.has(v);
    }
    case "optional": {
      // Present as undefined, `.default(d).optional()` is filled in by zod.
      const innerType = (def.innerType!._zod.def as unknown as Def).type;
      if (innerType === "default" || innerType === "prefault") return never;
      const inner = conformsTo(def.innerType!);
      return (v) => v === undefined || inner(v);
    }
    case "nullable": {
      const inner = conformsTo(def.innerType!);
      return (v) => v === null || inner(v);
    }
    case "default": {
      // Absent, zod would put the default in its place: a value that is not the input.
      const inner = conformsTo(def.innerType!);
      return (v) => v !== undefined && inner(v);
    }
    case "array":
      return arrayCheck(conformsTo(def.element!));
    case "record":
      return recordCheck(def);
    case "object":
      return objectCheck(def);
    default:
      return never;
  }
}

/** Finite, as zod's numbers are, and `.int()`, `.nonnegative()`, `.positive()`: the report's checks. */
function numberCheck(def: Def): Check {
  const tests: Check[] = [(v) => typeof v === "number" && Number.isFinite(v)];
  for (const { _zod } of def.checks ?? []) {
    const c = _zod.def;
    const bound = c.value;
    if (c.check === "number_format" && c.format === "safeint") tests.push((v) => Number.isSafeInteger(v));
    else if (c.check === "greater_than" && typeof bound === "number")
      tests.push(c.inclusive ? (v) => (v as number) >= bound : (v) => (v as number) > bound);
    else return never;
  }
  return (v) => tests.every((test) => test(v));
}

/** A plain array of its elements alone: no holes, no other own property, no accessor element. */
function arrayCheck(element: Check): Check {
  return (v) => {
    if (!Array.isArray(v) || Object.getPrototypeOf(v) !== Array.prototype) return false;
    if (Reflect.ownKeys(v).length !== v.length + 1) return false;
    for (let i = 0; i < v.length; i++) if (!isData(v, i) || !element(v[i])) return false;
    return true;
  };
}

const isPlain = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype;

/** An own, enumerable data property: what zod's copy reads once and writes as it found it. */
function isData(v: object, key: PropertyKey): boolean {
  const property = Object.getOwnPropertyDescriptor(v, key);
  return property !== undefined && property.enumerable === true && "value" in property;
}

/** A strict object whose enumerable keys are the shape's, in the shape's order; absent ones optional. */
function objectCheck(def: Def): Check {
  if (def.catchall?._zod.def.type !== "never") return never;
  const entries = Object.entries(def.shape!);
  const keys = entries.map(([key]) => key);
  // Absent, these stay absent in zod's copy; any other would be refused or filled in.
  const omissible = entries.map(
    ([, field]) => field._zod.optin === "optional" && field._zod.optout === "optional",
  );
  let checks: Check[] | undefined;
  const absent = (v: object, at: number) => omissible[at] && !Object.hasOwn(v, keys[at]!);
  return (v) => {
    if (!isPlain(v)) return false;
    checks ??= entries.map(([, field]) => conformsTo(field));
    let at = 0;
    // Own keys, symbols and non-enumerable ones included: any such is not in the shape.
    for (const key of Reflect.ownKeys(v)) {
      if (typeof key !== "string" || !isData(v, key)) return false;
      while (at < keys.length && keys[at] !== key) {
        if (!absent(v, at)) return false;
        at++;
      }
      if (at === keys.length || !checks[at]!(v[key])) return false;
      at++;
    }
    for (; at < keys.length; at++) if (!absent(v, at)) return false;
    return true;
  };
}

/** String keys only, never `__proto__`: zod refuses a symbol key and leaves `__proto__` out. */
function recordCheck(def: Def): Check {
  const keyDef = def.keyType!._zod.def as unknown as Def;
  if (keyDef.type !== "string" || (keyDef.checks?.length ?? 0) > 0) return never;
  const anyValue = (def.valueType!._zod.def as unknown as Def).type === "unknown";
  let value: Check | undefined;
  return (v) => {
    // An own `constructor` may make zod see no plain object; `__proto__` it leaves out.
    if (!isPlain(v) || Object.hasOwn(v, "__proto__") || Object.hasOwn(v, "constructor")) return false;
    if (!anyValue) value ??= conformsTo(def.valueType!);
    for (const key of Reflect.ownKeys(v)) {
      if (typeof key !== "string" || !isData(v, key)) return false;
      if (value && !value(v[key])) return false;
    }
    return true;
  };
}
