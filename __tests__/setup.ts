import { Testing } from "cdktf";
// Type declarations of cdktf's jest matchers (toHaveResourceWithProperties, ...).
import "cdktf/lib/testing/adapters/jest";

// Registers cdktf's matchers.
Testing.setupJest();
