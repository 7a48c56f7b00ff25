import { AuthRole } from "../../.gen/providers/genesyscloud/auth-role";
import { BotSessionRole, permissionPolicies } from "../../lib/constructs/bot-session-role";
import { synthScope } from "../support/stacks";

describe("BotSessionRole", () => {
  it("declares a custom role carrying only the bot-session permission", () => {
    const synthesized = synthScope((scope) => {
      new BotSessionRole(scope, "BotSessionRole", {
        name: "Partner bot sessions",
        permissions: ["textbots:botFlowSession:execute"],
      });
    });
    expect(synthesized).toHaveResourceWithProperties(AuthRole, {
      name: "Partner bot sessions",
      permission_policies: [{ domain: "textbots", entity_name: "botFlowSession", action_set: ["execute"] }],
      lifecycle: { prevent_destroy: false },
    });
  });

  it("can be protected from destroy", () => {
    const synthesized = synthScope((scope) => {
      new BotSessionRole(scope, "BotSessionRole", { name: "r", permissions: ["a:b:c"], preventDestroy: true });
    });
    const [role] = Object.values<any>(JSON.parse(synthesized).resource.genesyscloud_auth_role);
    expect(role.lifecycle.prevent_destroy).toBe(true);
  });
});

describe("permissionPolicies", () => {
  it("groups actions by domain and entity", () => {
    expect(
      permissionPolicies([
        "textbots:botFlowSession:execute",
        "analytics:botFlowSession:view",
        "textbots:botFlowSession:view",
      ]),
    ).toEqual([
      { domain: "textbots", entityName: "botFlowSession", actionSet: ["execute", "view"] },
      { domain: "analytics", entityName: "botFlowSession", actionSet: ["view"] },
    ]);
  });
});
