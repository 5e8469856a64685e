// `--platform local|docker`: which cluster a command acts on (default: $CHAOS_PLATFORM, else local).

import ArgumentParser
import ChaosKit

struct PlatformOption: ParsableArguments {
    @Option(help: "local (the built-in network-namespace lab) or docker (the Compose stack of this folder). Default: $CHAOS_PLATFORM, else local.")
    var platform: String?

    /// The controller for the chosen platform; an unknown name is a usage error.
    func lab() throws -> LabController {
        do {
            return try LabController.forPlatform(platform)
        } catch {
            throw ValidationError(error.message)
        }
    }
}
