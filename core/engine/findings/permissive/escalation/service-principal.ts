import { isValidRegion } from "../../../policy/arn.js";
import { globMatch } from "../../../policy/glob.js";

/**
 * The DNS suffixes a service principal ends with: amazonaws.com, and in other partitions their own
 * (ec2.amazonaws.com.cn in China, ec2.c2s.ic.gov and ec2.sc2s.sgov.gov in the isolated regions, as
 * eksctl's ServicePrincipalPartitionMap writes EC2's).
 */
const SUFFIXES = ["amazonaws.com", "amazonaws.com.cn", "c2s.ic.gov", "sc2s.sgov.gov"];

/**
 * Whether a trust policy's Service value names a service (`states.amazonaws.com`): as written, or in
 * a region (`states.us-east-1.amazonaws.com`, which the Serverless Framework's Step Functions roles
 * trust; `redshift.us-east-1.amazonaws.com` in Redshift's guide to restricting a role to regions;
 * SERVICE.REGION.amazonaws.com in the CDK's ServicePrincipal for opt-in regions), or under another
 * partition's suffix. The service runs as such a role in that region, or partition, as it does
 * under the global name elsewhere.
 * https://docs.aws.amazon.com/redshift/latest/mgmt/authorizing-redshift-service-regions.html
 */
export function namesService(value: string, service: string): boolean {
  if (globMatch(value, service, true)) return true;
  const global = `.${SUFFIXES[0]}`;
  if (!service.endsWith(global)) return false;
  // The name before the suffix, dots and all (tasks.apprunner).
  const name = service.slice(0, -global.length + 1).toLowerCase();
  const written = value.toLowerCase();
  if (!written.startsWith(name)) return false;
  const rest = written.slice(name.length);
  return SUFFIXES.some((suffix) => {
    if (rest === suffix) return true;
    if (!rest.endsWith(`.${suffix}`)) return false;
    const region = rest.slice(0, -suffix.length - 1);
    return region !== "" && isValidRegion(region);
  });
}
