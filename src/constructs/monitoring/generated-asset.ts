import { createHash } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, posix } from "node:path";
import { TerraformStack } from "cdktf";
import { addCustomSynthesis } from "cdktf/lib/synthesize/synthesizer";
import { Construct } from "constructs";

export interface GeneratedAssetProps {
  /** The file's name in the synthesized stack. */
  readonly fileName: string;
  /** Its bytes, made by the program (deterministic: the path carries their hash). */
  readonly content: Buffer;
}

/**
 * A file the program makes at synth (a ZIP built in memory), written next to the stack's `cdk.tf.json` like a
 * `TerraformAsset`: `assets/<id>/<sha256 of the bytes>/<fileName>`. The hash in the path makes an attribute that holds
 * a path (a canary's `zip_file`) change exactly when the bytes do; Terraform runs in the stack's folder, so the path is
 * relative to it.
 */
export class GeneratedAsset extends Construct {
  /** Relative to the stack's folder, with forward slashes. */
  public readonly path: string;
  public readonly sha256: string;

  constructor(scope: Construct, id: string, props: GeneratedAssetProps) {
    super(scope, id);
    const stack = TerraformStack.of(this);
    const folder = posix.join("assets", stack.getLogicalId(this.node));
    this.sha256 = createHash("sha256").update(props.content).digest("hex");
    this.path = posix.join(folder, this.sha256, props.fileName);
    addCustomSynthesis(this, {
      onSynthesize: (session) => {
        const stackFolder = join(session.manifest.outdir, session.manifest.forStack(stack).synthesizedStackPath, "..");
        rmSync(join(stackFolder, folder), { recursive: true, force: true });
        mkdirSync(join(stackFolder, folder, this.sha256), { recursive: true });
        writeFileSync(join(stackFolder, this.path), props.content);
      },
    });
  }
}
