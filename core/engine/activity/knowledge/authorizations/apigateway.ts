import { type DeriveContext, type EventEntry, type Need, type ServiceAuthorizations, str } from "./types.js";

/**
 * API Gateway's management API (REST APIs, and HTTP and WebSocket APIs, both recorded under
 * apigateway.amazonaws.com) is authorized by the HTTP verb of each request, `apigateway:GET`,
 * `POST`, `PUT`, `PATCH` or `DELETE`, on the request's path as an ARN,
 * `arn:aws:apigateway:REGION::/restapis/ID/stages/NAME` (MANAGE). Each operation's verb and path
 * are the REST API reference's (the request line of each API_<Operation> page), as iann0036's
 * iam-dataset records them (test/data/iam-dataset/map-2022-08-19.json.gz).
 */
const MANAGE =
  "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-control-access-using-iam-policies-to-create-and-manage-api.html";
const REFERENCE = "https://docs.aws.amazon.com/apigateway/latest/api/API_Operations.html";
const REFERENCE_V2 = "https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/api-reference.html";
// The Service Authorization Reference's operations table lists apigateway:PUT beside
// apigateway:POST for CreateApiKey (tags given at creation, which a REST API resource takes as PUT
// /tags/ARN), and apigateway:UpdateRestApiPolicy guards "the sensitive nature of the resource
// policy" a REST API can be given as it is created, imported or changed.
const SAR =
  "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonapigatewaymanagement.html";

type Verb = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

interface Operation {
  verb: Verb;
  /**
   * The request path of a REST API (v1) operation, `{name}` standing for the requestParameters
   * value of that name. Absent where the record does not settle the path (an HTTP or WebSocket
   * API's calls, domain names, tags): those calls keep the verb's current scope.
   */
  path?: string;
  /** Also needs, possibly: kept where granted today, on today's scope (never narrowed). */
  also?: readonly string[];
}

const TAGS = ["apigateway:PUT"];
const METHOD = "/restapis/{restApiId}/resources/{resourceId}/methods/{httpMethod}";
const POLICY = ["apigateway:PUT", "apigateway:UpdateRestApiPolicy"];

/** Operations of the REST API (v1) management API, by CloudTrail eventName. */
const REST_OPERATIONS: Readonly<Record<string, Operation>> = {
  GetAccount: { verb: "GET", path: "/account" },
  UpdateAccount: { verb: "PATCH", path: "/account" },
  GetApiKeys: { verb: "GET", path: "/apikeys" },
  CreateApiKey: { verb: "POST", path: "/apikeys", also: TAGS },
  ImportApiKeys: { verb: "POST", path: "/apikeys" },
  GetApiKey: { verb: "GET", path: "/apikeys/{apiKey}" },
  UpdateApiKey: { verb: "PATCH", path: "/apikeys/{apiKey}" },
  DeleteApiKey: { verb: "DELETE", path: "/apikeys/{apiKey}" },
  GetClientCertificates: { verb: "GET", path: "/clientcertificates" },
  GenerateClientCertificate: { verb: "POST", path: "/clientcertificates", also: TAGS },
  GetClientCertificate: { verb: "GET", path: "/clientcertificates/{clientCertificateId}" },
  UpdateClientCertificate: { verb: "PATCH", path: "/clientcertificates/{clientCertificateId}" },
  DeleteClientCertificate: { verb: "DELETE", path: "/clientcertificates/{clientCertificateId}" },
  GetRestApis: { verb: "GET", path: "/restapis" },
  CreateRestApi: { verb: "POST", path: "/restapis", also: POLICY },
  ImportRestApi: { verb: "POST", path: "/restapis", also: POLICY },
  GetRestApi: { verb: "GET", path: "/restapis/{restApiId}" },
  PutRestApi: { verb: "PUT", path: "/restapis/{restApiId}", also: POLICY },
  UpdateRestApi: { verb: "PATCH", path: "/restapis/{restApiId}", also: POLICY },
  DeleteRestApi: { verb: "DELETE", path: "/restapis/{restApiId}" },
  GetAuthorizers: { verb: "GET", path: "/restapis/{restApiId}/authorizers" },
  CreateAuthorizer: { verb: "POST", path: "/restapis/{restApiId}/authorizers" },
  GetAuthorizer: { verb: "GET", path: "/restapis/{restApiId}/authorizers/{authorizerId}" },
  TestInvokeAuthorizer: { verb: "POST", path: "/restapis/{restApiId}/authorizers/{authorizerId}" },
  UpdateAuthorizer: { verb: "PATCH", path: "/restapis/{restApiId}/authorizers/{authorizerId}" },
  DeleteAuthorizer: { verb: "DELETE", path: "/restapis/{restApiId}/authorizers/{authorizerId}" },
  GetDeployments: { verb: "GET", path: "/restapis/{restApiId}/deployments" },
  CreateDeployment: { verb: "POST", path: "/restapis/{restApiId}/deployments" },
  GetDeployment: { verb: "GET", path: "/restapis/{restApiId}/deployments/{deploymentId}" },
  UpdateDeployment: { verb: "PATCH", path: "/restapis/{restApiId}/deployments/{deploymentId}" },
  DeleteDeployment: { verb: "DELETE", path: "/restapis/{restApiId}/deployments/{deploymentId}" },
  GetDocumentationParts: { verb: "GET", path: "/restapis/{restApiId}/documentation/parts" },
  CreateDocumentationPart: { verb: "POST", path: "/restapis/{restApiId}/documentation/parts" },
  ImportDocumentationParts: { verb: "PUT", path: "/restapis/{restApiId}/documentation/parts" },
  GetDocumentationPart: {
    verb: "GET",
    path: "/restapis/{restApiId}/documentation/parts/{documentationPartId}",
  },
  UpdateDocumentationPart: {
    verb: "PATCH",
    path: "/restapis/{restApiId}/documentation/parts/{documentationPartId}",
  },
  DeleteDocumentationPart: {
    verb: "DELETE",
    path: "/restapis/{restApiId}/documentation/parts/{documentationPartId}",
  },
  GetDocumentationVersions: { verb: "GET", path: "/restapis/{restApiId}/documentation/versions" },
  CreateDocumentationVersion: { verb: "POST", path: "/restapis/{restApiId}/documentation/versions" },
  GetDocumentationVersion: {
    verb: "GET",
    path: "/restapis/{restApiId}/documentation/versions/{documentationVersion}",
  },
  UpdateDocumentationVersion: {
    verb: "PATCH",
    path: "/restapis/{restApiId}/documentation/versions/{documentationVersion}",
  },
  DeleteDocumentationVersion: {
    verb: "DELETE",
    path: "/restapis/{restApiId}/documentation/versions/{documentationVersion}",
  },
  GetGatewayResponses: { verb: "GET", path: "/restapis/{restApiId}/gatewayresponses" },
  GetGatewayResponse: { verb: "GET", path: "/restapis/{restApiId}/gatewayresponses/{responseType}" },
  PutGatewayResponse: { verb: "PUT", path: "/restapis/{restApiId}/gatewayresponses/{responseType}" },
  UpdateGatewayResponse: { verb: "PATCH", path: "/restapis/{restApiId}/gatewayresponses/{responseType}" },
  DeleteGatewayResponse: { verb: "DELETE", path: "/restapis/{restApiId}/gatewayresponses/{responseType}" },
  GetModels: { verb: "GET", path: "/restapis/{restApiId}/models" },
  CreateModel: { verb: "POST", path: "/restapis/{restApiId}/models" },
  GetModel: { verb: "GET", path: "/restapis/{restApiId}/models/{modelName}" },
  UpdateModel: { verb: "PATCH", path: "/restapis/{restApiId}/models/{modelName}" },
  DeleteModel: { verb: "DELETE", path: "/restapis/{restApiId}/models/{modelName}" },
  GetModelTemplate: { verb: "GET", path: "/restapis/{restApiId}/models/{modelName}/default_template" },
  GetRequestValidators: { verb: "GET", path: "/restapis/{restApiId}/requestvalidators" },
  CreateRequestValidator: { verb: "POST", path: "/restapis/{restApiId}/requestvalidators" },
  GetRequestValidator: { verb: "GET", path: "/restapis/{restApiId}/requestvalidators/{requestValidatorId}" },
  UpdateRequestValidator: {
    verb: "PATCH",
    path: "/restapis/{restApiId}/requestvalidators/{requestValidatorId}",
  },
  DeleteRequestValidator: {
    verb: "DELETE",
    path: "/restapis/{restApiId}/requestvalidators/{requestValidatorId}",
  },
  GetResources: { verb: "GET", path: "/restapis/{restApiId}/resources" },
  CreateResource: { verb: "POST", path: "/restapis/{restApiId}/resources/{parentId}" },
  GetResource: { verb: "GET", path: "/restapis/{restApiId}/resources/{resourceId}" },
  UpdateResource: { verb: "PATCH", path: "/restapis/{restApiId}/resources/{resourceId}" },
  DeleteResource: { verb: "DELETE", path: "/restapis/{restApiId}/resources/{resourceId}" },
  GetMethod: { verb: "GET", path: METHOD },
  PutMethod: { verb: "PUT", path: METHOD },
  TestInvokeMethod: { verb: "POST", path: METHOD },
  UpdateMethod: { verb: "PATCH", path: METHOD },
  DeleteMethod: { verb: "DELETE", path: METHOD },
  GetMethodResponse: { verb: "GET", path: `${METHOD}/responses/{statusCode}` },
  PutMethodResponse: { verb: "PUT", path: `${METHOD}/responses/{statusCode}` },
  UpdateMethodResponse: { verb: "PATCH", path: `${METHOD}/responses/{statusCode}` },
  DeleteMethodResponse: { verb: "DELETE", path: `${METHOD}/responses/{statusCode}` },
  GetIntegration: { verb: "GET", path: `${METHOD}/integration` },
  PutIntegration: { verb: "PUT", path: `${METHOD}/integration` },
  UpdateIntegration: { verb: "PATCH", path: `${METHOD}/integration` },
  DeleteIntegration: { verb: "DELETE", path: `${METHOD}/integration` },
  GetIntegrationResponse: { verb: "GET", path: `${METHOD}/integration/responses/{statusCode}` },
  PutIntegrationResponse: { verb: "PUT", path: `${METHOD}/integration/responses/{statusCode}` },
  UpdateIntegrationResponse: { verb: "PATCH", path: `${METHOD}/integration/responses/{statusCode}` },
  DeleteIntegrationResponse: { verb: "DELETE", path: `${METHOD}/integration/responses/{statusCode}` },
  GetStages: { verb: "GET", path: "/restapis/{restApiId}/stages" },
  CreateStage: { verb: "POST", path: "/restapis/{restApiId}/stages", also: TAGS },
  GetStage: { verb: "GET", path: "/restapis/{restApiId}/stages/{stageName}" },
  UpdateStage: { verb: "PATCH", path: "/restapis/{restApiId}/stages/{stageName}" },
  DeleteStage: { verb: "DELETE", path: "/restapis/{restApiId}/stages/{stageName}" },
  FlushStageAuthorizersCache: {
    verb: "DELETE",
    path: "/restapis/{restApiId}/stages/{stageName}/cache/authorizers",
  },
  FlushStageCache: { verb: "DELETE", path: "/restapis/{restApiId}/stages/{stageName}/cache/data" },
  GetExport: { verb: "GET", path: "/restapis/{restApiId}/stages/{stageName}/exports/{exportType}" },
  GetSdk: { verb: "GET", path: "/restapis/{restApiId}/stages/{stageName}/sdks/{sdkType}" },
  GetSdkTypes: { verb: "GET", path: "/sdktypes" },
  GetSdkType: { verb: "GET", path: "/sdktypes/{id}" },
  GetUsagePlans: { verb: "GET", path: "/usageplans" },
  CreateUsagePlan: { verb: "POST", path: "/usageplans", also: TAGS },
  GetUsagePlan: { verb: "GET", path: "/usageplans/{usagePlanId}" },
  UpdateUsagePlan: { verb: "PATCH", path: "/usageplans/{usagePlanId}" },
  DeleteUsagePlan: { verb: "DELETE", path: "/usageplans/{usagePlanId}" },
  GetUsagePlanKeys: { verb: "GET", path: "/usageplans/{usagePlanId}/keys" },
  CreateUsagePlanKey: { verb: "POST", path: "/usageplans/{usagePlanId}/keys" },
  GetUsagePlanKey: { verb: "GET", path: "/usageplans/{usagePlanId}/keys/{keyId}" },
  DeleteUsagePlanKey: { verb: "DELETE", path: "/usageplans/{usagePlanId}/keys/{keyId}" },
  GetUsage: { verb: "GET", path: "/usageplans/{usagePlanId}/usage" },
  UpdateUsage: { verb: "PATCH", path: "/usageplans/{usagePlanId}/keys/{keyId}/usage" },
  GetVpcLinks: { verb: "GET", path: "/vpclinks" },
  CreateVpcLink: { verb: "POST", path: "/vpclinks", also: TAGS },
  GetVpcLink: { verb: "GET", path: "/vpclinks/{vpcLinkId}" },
  UpdateVpcLink: { verb: "PATCH", path: "/vpclinks/{vpcLinkId}" },
  DeleteVpcLink: { verb: "DELETE", path: "/vpclinks/{vpcLinkId}" },
  // A base path's ARN spells an empty one `(none)`, and a private custom domain name's carries its
  // domain name id: the record does not settle which, so these keep the verb's current scope.
  GetDomainNames: { verb: "GET", path: "/domainnames" },
  GetDomainName: { verb: "GET" },
  GetBasePathMappings: { verb: "GET" },
  CreateBasePathMapping: { verb: "POST" },
  GetBasePathMapping: { verb: "GET" },
  UpdateBasePathMapping: { verb: "PATCH" },
  DeleteBasePathMapping: { verb: "DELETE" },
  GetTags: { verb: "GET" },
  UntagResource: { verb: "DELETE" },
};

/**
 * Operations of the HTTP and WebSocket API (v2) management API only. Their verbs are the v2 API
 * reference's; their paths (`/apis/ID/...`) are not read: the catalog's verb actions list none of
 * v2's resource types, so each keeps its verb's current scope.
 */
const HTTP_OPERATIONS: Readonly<Record<string, Operation>> = {
  GetApis: { verb: "GET" },
  CreateApi: { verb: "POST" },
  ImportApi: { verb: "PUT" },
  GetApi: { verb: "GET" },
  ReimportApi: { verb: "PUT" },
  UpdateApi: { verb: "PATCH" },
  DeleteApi: { verb: "DELETE" },
  ExportApi: { verb: "GET" },
  GetApiMappings: { verb: "GET" },
  CreateApiMapping: { verb: "POST" },
  GetApiMapping: { verb: "GET" },
  UpdateApiMapping: { verb: "PATCH" },
  DeleteApiMapping: { verb: "DELETE" },
  DeleteAccessLogSettings: { verb: "DELETE" },
  DeleteCorsConfiguration: { verb: "DELETE" },
  GetIntegrations: { verb: "GET" },
  CreateIntegration: { verb: "POST" },
  GetIntegrationResponses: { verb: "GET" },
  CreateIntegrationResponse: { verb: "POST" },
  GetRoutes: { verb: "GET" },
  CreateRoute: { verb: "POST" },
  GetRoute: { verb: "GET" },
  UpdateRoute: { verb: "PATCH" },
  DeleteRoute: { verb: "DELETE" },
  DeleteRouteRequestParameter: { verb: "DELETE" },
  GetRouteResponses: { verb: "GET" },
  CreateRouteResponse: { verb: "POST" },
  GetRouteResponse: { verb: "GET" },
  UpdateRouteResponse: { verb: "PATCH" },
  DeleteRouteResponse: { verb: "DELETE" },
  DeleteRouteSettings: { verb: "DELETE" },
  ResetAuthorizersCache: { verb: "DELETE" },
};

const verbNeed = (verb: Verb): Need => ({ action: `apigateway:${verb}` });
// Never narrowed: the `unnamed` resource is one no record names.
const possible = (action: string): Need => ({ action, resource: "unnamed", inferred: true });

function entry(event: string, op: Operation, source: string): EventEntry {
  return {
    event,
    actions: [verbNeed(op.verb), ...(op.also ?? []).map(possible)],
    why: `${event} is a ${op.verb} request of the management API${op.also ? `, which may also need ${op.also.join(" and ")}` : ""}`,
    source: op.also ? SAR : source,
  };
}

export const APIGATEWAY_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "apigateway",
  events: [
    ...Object.entries(REST_OPERATIONS).map(([event, op]) => entry(event, op, REFERENCE)),
    ...Object.entries(HTTP_OPERATIONS).map(([event, op]) => entry(event, op, REFERENCE_V2)),
    {
      // A REST API's resource is tagged by PUT /tags/ARN, an HTTP or WebSocket API's by POST
      // /v2/tags/ARN; a domain name's or VPC link's ARN does not tell which API was called.
      event: "TagResource",
      actions: [possible("apigateway:PUT"), possible("apigateway:POST")],
      why: "tagging is a PUT request of the REST API's management API and a POST of the v2 API's",
      source: MANAGE,
    },
  ],
  resources: derive,
};

const PARAMETER = /\{(\w+)\}/g;
/** A value that would end the path segment or read as a policy wildcard is not put in an ARN. */
const UNSAFE = /[/*?$:]/;

/**
 * The ARN of a REST API request's path, from the record's request parameters. Nothing when a value
 * is missing, so the call keeps its verb's current scope: an HTTP or WebSocket API's calls of the
 * same name (CreateStage, GetStage) carry `apiId`, not `restApiId`.
 */
function derive(ctx: DeriveContext): { target: string[] } {
  const path = Object.hasOwn(REST_OPERATIONS, ctx.event) ? REST_OPERATIONS[ctx.event]!.path : undefined;
  if (!path || !ctx.region) return { target: [] };
  let missing = false;
  const filled = path.replace(PARAMETER, (_, name: string) => {
    const value = str(ctx.params[name]);
    if (!value || UNSAFE.test(value)) missing = true;
    return value ?? "";
  });
  if (missing) return { target: [] };
  return { target: [`arn:${ctx.partition}:apigateway:${ctx.region}::${filled}`] };
}
