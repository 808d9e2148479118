import type { Plan } from "../report/schema.js";
import type { Snapshot } from "../snapshot/model.js";
import { planCloudFormation } from "./cloudformation.js";
import type { DocumentTexts } from "./rendered-documents.js";
import { planTerraform } from "./terraform.js";

/**
 * Terraform and CloudFormation of the whole plan; for a permission set they target IAM Identity
 * Center. `texts`: the created documents as written already (rendered-documents.ts).
 */
export function planIac(plan: Omit<Plan, "iac">, snapshot: Snapshot, texts?: DocumentTexts): Plan["iac"] {
  return {
    terraform: planTerraform(plan, texts?.terraform),
    cloudformation: planCloudFormation(plan, snapshot, texts?.cloudformation),
  };
}
