// `--platform local|docker`: which cluster a command acts on (default: $CHAOS_PLATFORM, else local).

public import ArgumentParser
import ChaosKit

/// The platforms a command can act on.
enum PlatformName: String, CaseIterable, ExpressibleByArgument {
    /// The built-in network-namespace lab.
    case local
    /// The Compose stack of this folder.
    case docker
}

struct PlatformOption: ParsableArguments {
    @Option(help: "local (the built-in network-namespace lab) or docker (the Compose stack of this folder). Default: $CHAOS_PLATFORM, else local.")
    var platform: PlatformName?

    /// The controller for the chosen platform; an unknown `$CHAOS_PLATFORM` is a usage error.
    func lab() throws -> LabController {
        do {
            return try LabController.forPlatform(platform?.rawValue)
        } catch {
            throw ValidationError(error.message)
        }
    }
}

extension TimingProfile: ExpressibleByArgument {}
extension ReplicationMode: ExpressibleByArgument {}
