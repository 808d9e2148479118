import {
  GetAccountAuthorizationDetailsCommand,
  type GetAccountAuthorizationDetailsCommandOutput,
  type IAMClient,
} from "@aws-sdk/client-iam";
import { IamCollectionError } from "./iam-errors.js";
import { pageTokens } from "./page-tokens.js";

/**
 * Every page of GetAccountAuthorizationDetails, following Marker while IsTruncated
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html).
 * Pages are returned as the SDK gives them (documents still URL-encoded, dates as Date); the pure
 * reader decodes them. `pageSize` is MaxItems (AWS default 100, max 1000).
 */
export async function fetchAuthorizationDetails(
  iam: Pick<IAMClient, "send">,
  pageSize = 1000,
): Promise<Omit<GetAccountAuthorizationDetailsCommandOutput, "$metadata">[]> {
  const pages: Omit<GetAccountAuthorizationDetailsCommandOutput, "$metadata">[] = [];
  const next = pageTokens("GetAccountAuthorizationDetails");
  let marker: string | undefined;
  do {
    let output: GetAccountAuthorizationDetailsCommandOutput;
    try {
      output = await iam.send(
        new GetAccountAuthorizationDetailsCommand({ MaxItems: pageSize, Marker: marker }),
      );
    } catch (error) {
      throw new IamCollectionError("iam:GetAccountAuthorizationDetails", error);
    }
    const { $metadata: _, ...page } = output;
    pages.push(page);
    try {
      marker = next(output.IsTruncated ? output.Marker : undefined, output.IsTruncated);
    } catch (error) {
      throw new IamCollectionError("iam:GetAccountAuthorizationDetails", error);
    }
  } while (marker);
  return pages;
}
