// The Compose stack as chaos sees it: containers of one Compose project labelled `io.chaos.node` /
// `io.chaos.role` (docker-compose.yaml), turned into the same Inventory the local lab writes, with host PIDs
// from `docker inspect`, and credentials read from the stack's .env. Both are written to the stack's state
// directory (0600 credentials), so the engine, the fault journal and `chaos recover` work unchanged.

public import Foundation

/// A running Compose stack of the chaos cluster.
public struct DockerStack: Sendable {
    /// The Compose project name (`COMPOSE_PROJECT_NAME`, default: the name of the folder holding the compose file).
    public var project: String
    /// The .env file holding the stack's passwords and Patroni timings.
    public var environmentFile: String
    /// Where chaos keeps the stack's inventory, credentials and fault journal.
    public var stateDirectory: String
    /// Runs `docker`.
    public var runner: CommandRunner

    /// Describes a stack.
    public init(project: String, environmentFile: String, stateDirectory: String = "/var/lib/chaos-docker", runner: CommandRunner = CommandRunner()) {
        self.project = project
        self.environmentFile = environmentFile
        self.stateDirectory = stateDirectory
        self.runner = runner
    }

    /// The stack of the compose file in `directory` (the repository root by default): project from
    /// `COMPOSE_PROJECT_NAME` or the folder's name as Compose derives it, `.env` next to the compose file.
    public static func fromEnvironment(_ environment: [String: String], directory: String = FileManager.default.currentDirectoryPath) -> DockerStack {
        let folder = URL(fileURLWithPath: directory).lastPathComponent
        let derived = String(folder.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        return DockerStack(
            project: environment["COMPOSE_PROJECT_NAME"] ?? derived,
            environmentFile: environment["CHAOS_DOCKER_ENV"] ?? "\(directory)/.env",
            stateDirectory: environment["CHAOS_DOCKER_STATE_DIR"] ?? "/var/lib/chaos-docker")
    }

    /// The layout of the state directory (inventory.json, credentials.json, faults.journal).
    public var layout: LabLayout { LabLayout(stateDirectory: stateDirectory) }

    /// Reads the containers, writes inventory.json and credentials.json, and returns the inventory.
    ///
    /// - Throws: ``LabError`` when Docker does not answer, no container of the project runs, or .env lacks a setting.
    @discardableResult
    public func refresh() throws(LabError) -> Inventory {
        let containers = try self.containers()
        let settings = try DockerEnvironmentFile.read(environmentFile)
        let inventory = try DockerInventory.build(project: project, containers: containers, settings: settings, layout: layout)
        do {
            try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
            try inventory.write(to: layout.inventoryFile)
            try settings.credentials().write(to: layout.credentialsFile)
        } catch {
            throw LabError("cannot write the Docker stack's state to \(stateDirectory): \(error)", hint: "run as root")
        }
        return inventory
    }

    /// The project's chaos containers, running or not.
    func containers() throws(LabError) -> [DockerContainer] {
        let list = runner.run(
            ["docker", "ps", "-aq", "--filter", "label=com.docker.compose.project=\(project)", "--filter", "label=io.chaos.node"],
            timeout: .seconds(20))
        guard list.succeeded else {
            throw LabError("docker does not answer: \(list.standardError.trimmingCharacters(in: .whitespacesAndNewlines))",
                           hint: "start the Docker engine (see docs/docker.md)")
        }
        let ids = list.standardOutput.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        guard !ids.isEmpty else {
            throw LabError("no container of Compose project '\(project)' carries the io.chaos.node label",
                           hint: "bring the stack up with `docker compose up -d` (or set COMPOSE_PROJECT_NAME)")
        }
        let inspect = runner.run(["docker", "inspect"] + ids, timeout: .seconds(20))
        guard inspect.succeeded else {
            throw LabError("docker inspect failed: \(inspect.standardError.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return try DockerContainer.parse(inspect: inspect.standardOutput)
    }
}
