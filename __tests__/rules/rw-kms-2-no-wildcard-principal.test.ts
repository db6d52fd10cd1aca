import { rule } from "../../src/rules/pack/rw-kms-2-no-wildcard-principal";
import { Json } from "../../src/rules/types";
import { policyDocument, verdict } from "../support/rules";

const root = {
  sid: "AccountRootAdministers",
  actions: ["kms:*"],
  principals: [{ type: "AWS", identifiers: ["arn:aws:iam::111111111111:root"] }],
  resources: ["*"],
};
const keyWith = (statements: Json[]) => {
  const document = policyDocument("KeyPolicy", statements);
  return { resource: { aws_kms_key: { Key: { enable_key_rotation: true, policy: document.ref } } }, data: document.data };
};

describe("RW-KMS-2 KMS key policy has no wildcard principal", () => {
  test("compliant: account root and a service principal", () => {
    const logs = {
      sid: "Logs",
      actions: ["kms:Decrypt*"],
      principals: [{ type: "Service", identifiers: ["logs.eu-central-1.amazonaws.com"] }],
      resources: ["*"],
    };
    expect(verdict(rule, keyWith([root, logs]), "aws_kms_key.Key")).toEqual({ status: "compliant" });
  });
  test("compliant: no policy argument (the default key policy trusts the account only)", () => {
    expect(verdict(rule, { resource: { aws_kms_key: { Key: { enable_key_rotation: true } } } }, "aws_kms_key.Key")).toEqual({
      status: "compliant",
    });
  });
  test("compliant: a Deny for everyone is not an opening", () => {
    const deny = {
      sid: "DenyAll",
      effect: "Deny",
      actions: ["kms:ScheduleKeyDeletion"],
      principals: [{ type: "*", identifiers: ["*"] }],
      resources: ["*"],
    };
    expect(verdict(rule, keyWith([root, deny]), "aws_kms_key.Key")).toEqual({ status: "compliant" });
  });
  test.each(["AWS", "*"])("non-compliant: Allow for principal type %s identifiers *", (type) => {
    const open = { sid: "Everyone", actions: ["kms:Decrypt"], principals: [{ type, identifiers: ["*"] }], resources: ["*"] };
    expect(verdict(rule, keyWith([root, open]), "aws_kms_key.Key")).toEqual({
      status: "non-compliant",
      detail: 'statement Everyone allows principal "*"',
    });
  });
  test("non-compliant: a policy the rule cannot read", () => {
    expect(verdict(rule, { resource: { aws_kms_key: { Key: { policy: '{"Statement":[]}' } } } }, "aws_kms_key.Key").status).toBe(
      "non-compliant",
    );
  });
});
