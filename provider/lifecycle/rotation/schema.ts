import { z } from "zod";
import { orUnknown } from "../../shared/zod-helpers";
import { parseRotateAfter, ROTATE_AFTER_HINT } from "./duration";

const rotateAfter = z.string().superRefine((value, ctx) => {
  if (parseRotateAfter(value) !== undefined) return;
  ctx.addIssue({ code: "custom", message: `"${value}" is not a rotation period; give ${ROTATE_AFTER_HINT}` });
});

/**
 * The inputs both token resources take for rotation, merged into each resource's schema.
 * `rotationTrigger` is any value: only whether it changed matters.
 */
export const rotationFields = {
  rotateAfter: orUnknown(rotateAfter).optional(),
  rotationTrigger: z.unknown().optional(),
};
