import { Testing } from "cdktf";
import { PartnerOAuthStack } from "../lib/partner-oauth-stack";
import { shippedEnvironments } from "./support/environments";
import { testApp } from "./support/stacks";

/**
 * A provider bump changes the pinned version without changing what we declare. It is replaced
 * on purpose so a bump does not churn every snapshot; the conformance test checks the pinned
 * version instead. (Testing.synth already leaves out cdktf's own version metadata.)
 */
function withoutVersions(synthesized: string): unknown {
  const json = JSON.parse(synthesized);
  json.terraform.required_providers.genesyscloud.version = "<pinned provider version>";
  return json;
}

describe.each(shippedEnvironments())("the $name stack", (environment) => {
  it(`matches its snapshot (after an intended change: npm run test:update, then review and commit)`, () => {
    const stack = new PartnerOAuthStack(testApp(), environment.name, { environment });
    expect(withoutVersions(Testing.synth(stack))).toMatchSnapshot();
  });
});
