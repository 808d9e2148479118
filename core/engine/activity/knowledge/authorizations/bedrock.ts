import {
  type DeriveContext,
  type Need,
  type ParameterRule,
  type ServiceAuthorizations,
  str,
} from "./types.js";

const CONVERSE = "https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html";
const CONVERSE_STREAM =
  "https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html";
const PROFILES = "https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-prereq.html";
const GUARDRAILS = "https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-permissions.html";
const PROMPT_ARN = /^arn:[^:]+:bedrock:[^:]+:\d{12}:prompt\/[^:/]+(?::[^:/]+)?$/;
const RERANK = "https://docs.aws.amazon.com/bedrock/latest/userguide/rerank-prereq.html";
const INFERENCE = "https://docs.aws.amazon.com/bedrock/latest/userguide/inference-prereq.html";
const GUARDRAIL_PROFILES =
  "https://docs.aws.amazon.com/bedrock/latest/userguide/guardrail-profiles-permissions.html";

/**
 * An invocation through a guardrail needs bedrock:ApplyGuardrail on it beside the model (GUARDRAILS:
 * "allow for model inference and to invoke guardrails"), and no ApplyGuardrail event of its own is
 * written: a role seen only invoking would lose it, as unused, under a trail logging guardrail data
 * events. InvokeModel names it in a header, Converse in `guardrailConfig`. It is kept as granted
 * today (the `guardrail` resource is never named): a guardrail with cross-Region inference is
 * also checked on guardrail profiles of other regions, which the record does not show.
 */
const throughGuardrail = (parameter: string): ParameterRule => ({
  parameter,
  add: [{ action: "bedrock:ApplyGuardrail", resource: "guardrail" }],
  why: "an invocation through a guardrail applies it",
  source: GUARDRAILS,
});
/**
 * Reranking, on its own or inside a knowledge base query, needs bedrock:Rerank and
 * bedrock:InvokeModel on the reranker model (RERANK's table of "User permissions needed"); a query's
 * record is of the knowledge base, and names neither action.
 */
const RERANKS: Need[] = [{ action: "bedrock:Rerank" }, { action: "bedrock:InvokeModel", resource: "model" }];
const RETRIEVE_RERANKING = "retrievalConfiguration.vectorSearchConfiguration.rerankingConfiguration";
const reranked = (parameter: string): ParameterRule => ({
  parameter,
  add: RERANKS,
  why: "results reranked by a reranker model need bedrock:Rerank and bedrock:InvokeModel on it",
  source: RERANK,
});

/**
 * A prompt from Prompt management, named as the `modelId`, is rendered first: bedrock:RenderPrompt
 * on the prompt is "required if you use a prompt from Prompt management" (INFERENCE), and no
 * RenderPrompt event of its own is written.
 */
const rendersPrompt: ParameterRule = {
  parameter: "modelId",
  matches: PROMPT_ARN,
  add: [{ action: "bedrock:RenderPrompt" }],
  why: "a prompt from Prompt management is rendered before the model runs it",
  source: INFERENCE,
};
const invokeGuardrail = [throughGuardrail("guardrailIdentifier"), rendersPrompt];
const converseGuardrail = [throughGuardrail("guardrailConfig.guardrailIdentifier"), rendersPrompt];

const invoke: Need[] = [{ action: "bedrock:InvokeModel", resource: "model" }];
const stream: Need[] = [{ action: "bedrock:InvokeModelWithResponseStream", resource: "model" }];

/**
 * Model invocation, by whichever operation: Converse is authorized as bedrock:InvokeModel and
 * ConverseStream as bedrock:InvokeModelWithResponseStream. Each is checked on the model the call
 * names, and a call through an inference profile on the profile and on the foundation model in
 * every region the profile routes to (PROFILES), which the record does not list: such a call is
 * scoped to no resource (bedrockModel), so it keeps today's grant whole.
 */
export const BEDROCK_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "bedrock",
  events: [
    { event: "Rerank", actions: RERANKS, why: "reranks with the model named", source: RERANK },
    {
      event: "Retrieve",
      rules: [reranked(RETRIEVE_RERANKING)],
      why: "a knowledge base query, reranked or not",
      source: RERANK,
    },
    {
      event: "RetrieveAndGenerate",
      rules: [reranked(`retrieveAndGenerateConfiguration.knowledgeBaseConfiguration.${RETRIEVE_RERANKING}`)],
      why: "a knowledge base query and generation, reranked or not",
      source: RERANK,
    },
    {
      // A guardrail with cross-Region inference is also checked on its guardrail profile in every
      // destination Region (GUARDRAIL_PROFILES), which the record, a data event of the guardrail,
      // does not name, nor whether the guardrail routes so: the profiles' grants are kept as today.
      event: "ApplyGuardrail",
      actions: [
        { action: "bedrock:ApplyGuardrail" },
        { action: "bedrock:ApplyGuardrail", resource: "guardrail", inferred: true },
      ],
      why: "on the guardrail named, and on the guardrail profiles it may route to",
      source: GUARDRAIL_PROFILES,
    },
    {
      event: "InvokeModel",
      actions: invoke,
      rules: invokeGuardrail,
      why: "on the model or profile named",
      source: PROFILES,
    },
    {
      event: "InvokeModelWithResponseStream",
      actions: stream,
      rules: invokeGuardrail,
      why: "on the model or profile named",
      source: PROFILES,
    },
    {
      event: "Converse",
      actions: invoke,
      rules: converseGuardrail,
      why: "authorized as bedrock:InvokeModel",
      source: CONVERSE,
    },
    {
      event: "ConverseStream",
      actions: stream,
      rules: converseGuardrail,
      why: "authorized as bedrock:InvokeModelWithResponseStream",
      source: CONVERSE_STREAM,
    },
  ],
  resources: (ctx) => {
    const model = bedrockModel(ctx, ctx.params.modelId ?? rerankerModel(ctx.params));
    const target = promptArns(ctx.params.modelId);
    return model ? { target, model: [model] } : { target };
  },
};

/**
 * A prompt named as the `modelId`, and the prompt without the version it names: AWS does not say
 * whether an Allow of the prompt alone matches a call naming its version, so both are kept, each
 * where granted today.
 */
function promptArns(value: unknown): string[] {
  const id = str(value);
  if (!id || !PROMPT_ARN.test(id)) return [];
  const unversioned = id.replace(/(prompt\/[^:/]+):[^:/]+$/, "$1");
  return unversioned === id ? [id] : [unversioned, id];
}

/** The reranker model a Rerank, or a knowledge base query's reranking, names. */
function rerankerModel(params: Record<string, unknown>): unknown {
  const at = (value: unknown, path: string): unknown =>
    path
      .split(".")
      .reduce<unknown>(
        (v, key) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined),
        value,
      );
  const configuration =
    params.rerankingConfiguration ??
    at(params, RETRIEVE_RERANKING) ??
    at(params, `retrieveAndGenerateConfiguration.knowledgeBaseConfiguration.${RETRIEVE_RERANKING}`);
  return at(configuration, "bedrockRerankingConfiguration.modelConfiguration.modelArn");
}

/**
 * The foundation model a `modelId` names directly (`provider.model`, or its ARN), in the region of
 * the call, the one ARN IAM checks then. Anything else is left unnamed: a cross-region profile's id
 * (`us.provider.model`) or ARN, an application inference profile, a prompt or provisioned model
 * may stand for models in other regions or unknown to the record, and a grant narrowed to what it
 * names would refuse the call (PROFILES: "you must also specify the foundation model in each
 * Region associated with it"). The resources CloudTrail lists are not read for the same reason.
 */
function bedrockModel(ctx: DeriveContext, value: unknown): string | undefined {
  const id = str(value);
  if (!id) return undefined;
  if (id.startsWith("arn:"))
    return /^arn:[^:]+:bedrock:[^:]+::foundation-model\/[^/]+$/.test(id) ? id : undefined;
  // A profile id adds a geography before the provider, so a lone dot is a foundation model's.
  if (!/^[a-z0-9-]+\.[^./:]+(?::\d+)?$/.test(id) || !ctx.region) return undefined;
  return `arn:${ctx.partition}:bedrock:${ctx.region}::foundation-model/${id}`;
}
