import { SAGEMAKER_SYNC_EVENTS } from "./run-a-job.js";
import { regional, type ServiceAuthorizations, str } from "./types.js";

/**
 * An InvokeEndpoint naming an inference component is authorized on the component too: the Service
 * Authorization Reference lists `inference-component` as a resource type of sagemaker:InvokeEndpoint.
 * The call's data event is of the endpoint (AWS::SageMaker::Endpoint), so the component is read from
 * the request: a grant narrowed to the endpoint alone would refuse the workload's next invocation.
 * SageMaker writes its ARNs in lower case, and AWS does not say which spelling an Allow must name:
 * a name in capitals keeps both, each where granted today.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemakerai.html
 */
export const SAGEMAKER_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "sagemaker",
  events: SAGEMAKER_SYNC_EVENTS,
  resources: (ctx) => {
    const name = str(ctx.params.inferenceComponentName);
    if (!name) return { target: [] };
    const spellings = [...new Set([name, name.toLowerCase()])];
    return { target: spellings.flatMap((n) => regional(ctx, "sagemaker", `inference-component/${n}`) ?? []) };
  },
};
