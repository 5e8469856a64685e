// `--platform local|docker|ssh` (default: $CHAOS_PLATFORM, else local), `--cluster FILE` for ssh
// (default: $CHAOS_CLUSTER) and `--confirm NAME` for faults on a cluster chaos did not build.

public import ArgumentParser
import ChaosKit
import Foundation

/// The platforms a command can act on.
enum PlatformName: String, CaseIterable, ExpressibleByArgument {
    /// The built-in network-namespace lab.
    case local
    /// The Compose stack of this folder.
    case docker
    /// Your own hosts over SSH, described by a cluster file.
    case ssh
}

struct PlatformOption: ParsableArguments {
    @Option(help: "local (the built-in network-namespace lab), docker (the Compose stack of this folder) or ssh (your own hosts, see --cluster). Default: $CHAOS_PLATFORM, else local.")
    var platform: PlatformName?

    @Option(help: ArgumentHelp("The cluster file for --platform ssh (default: $CHAOS_CLUSTER); `chaos discover` drafts one.", valueName: "file"))
    var cluster: String?

    /// The chosen platform; an unknown `$CHAOS_PLATFORM` or an unusable cluster file is a usage error.
    func resolve() throws -> any ClusterPlatform {
        // `--cluster FILE` alone means the ssh platform; with another platform named it is a mistake, not ignored.
        if cluster != nil, let platform, platform != .ssh {
            throw ValidationError("--cluster is the ssh platform's cluster file; it means nothing with --platform \(platform.rawValue)")
        }
        do {
            return try PlatformSelection.make(platform?.rawValue ?? (cluster != nil ? "ssh" : nil), clusterFile: cluster)
        } catch {
            throw ValidationError(error.description)
        }
    }
}

/// `--confirm NAME`: the cluster's name, which faults on a cluster chaos did not build need.
struct ConfirmOption: ParsableArguments {
    @Option(help: ArgumentHelp("The cluster's name, confirming that faults may hurt it (needed on --platform ssh; asked on a terminal when missing).", valueName: "name"))
    var confirm: String?

    /// The confirmed name: `--confirm`, else asked on a terminal when the platform needs one, else nil.
    func confirmed(for platform: any ClusterPlatform) -> String? {
        if let confirm { return confirm }
        guard let name = platform.safety.confirmName, !platform.safety.isProtected, isatty(STDIN_FILENO) == 1, isatty(STDERR_FILENO) == 1 else { return nil }
        FileHandle.standardError.write(Data("faults will hurt cluster \(name); type its name to go on: ".utf8))
        return readLine()?.trimmingCharacters(in: .whitespaces)
    }

    /// Checks the platform's guard rails for a fault.
    func check(_ platform: any ClusterPlatform) throws {
        do { try platform.safety.check(confirmed: confirmed(for: platform)) } catch {
            Console.error("error: \(error)")
            throw ExitCode.environmentError
        }
    }
}

extension TimingProfile: ExpressibleByArgument {}
extension ReplicationMode: ExpressibleByArgument {}
