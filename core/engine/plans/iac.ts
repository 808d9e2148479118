import type { Plan } from "../report/schema.js";
import type { Snapshot } from "../snapshot/model.js";
import { planCloudFormation } from "./cloudformation.js";
import { planTerraform } from "./terraform.js";

/** Terraform and CloudFormation of the whole plan; for a permission set they target IAM Identity Center. */
export function planIac(plan: Omit<Plan, "iac">, snapshot: Snapshot): Plan["iac"] {
  return { terraform: planTerraform(plan), cloudformation: planCloudFormation(plan, snapshot) };
}
