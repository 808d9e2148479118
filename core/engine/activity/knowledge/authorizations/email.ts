import { type DeriveContext, named, regional, type ServiceAuthorizations, str } from "./types.js";

/**
 * A send is authorized on its identity and, when the request names them, on its configuration set
 * and stored template: the Service Authorization Reference lists both as resource types of
 * ses:SendEmail, ses:SendRawEmail, ses:SendTemplatedEmail and ses:SendBulkEmail, checked when the
 * request involves them.
 * A send's data event is of the identity (AWS::SES::EmailIdentity), so the set and template are
 * read from the request: a grant narrowed to the identity alone would refuse the workload's next
 * send through the set. Both API versions record their sends under ses.amazonaws.com, v1 naming
 * the template `template`, v2 inside its content.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonses.html
 */
export const SES_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "ses",
  events: [],
  resources: (ctx) => {
    const { params } = ctx;
    const sets = named(params.configurationSetName ?? params.ConfigurationSetName, (n) =>
      regional(ctx, "ses", `configuration-set/${n}`),
    );
    const templates = [
      template(ctx, params.templateArn ?? params.template),
      ...[params.content, params.defaultContent].map((c) => {
        const t = isObject(c) && isObject(c.template) ? c.template : undefined;
        return template(ctx, t?.templateArn ?? t?.templateName);
      }),
    ].flat();
    return { target: [...sets, ...templates] };
  },
};

function template(ctx: DeriveContext, value: unknown): string[] {
  return named(str(value), (n) => regional(ctx, "ses", `template/${n}`));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
