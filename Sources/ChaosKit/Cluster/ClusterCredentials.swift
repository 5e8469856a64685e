// The cluster's passwords, generated per lab and stored 0600 outside the repository. Never printed:
// `description` is redacted.

import Foundation

/// Users and passwords of one cluster.
public struct ClusterCredentials: Codable, Sendable, Equatable {
    /// PostgreSQL superuser (also used by PgPool-II's health and replication checks).
    public var superuser: String
    /// Its password.
    public var superuserPassword: String
    /// Replication user.
    public var replicationUser: String
    /// Its password.
    public var replicationPassword: String
    /// pg_rewind user.
    public var rewindUser: String
    /// Its password.
    public var rewindPassword: String
    /// The application user the workload writes as.
    public var appUser: String
    /// Its password.
    public var appPassword: String
    /// The application database.
    public var appDatabase: String
    /// Patroni REST API user (for unsafe endpoints such as PATCH /config).
    public var restAPIUser: String
    /// Its password.
    public var restAPIPassword: String
    /// PgPool-II PCP user.
    public var pcpUser: String
    /// Its password.
    public var pcpPassword: String

    /// New credentials with random 24-character alphanumeric passwords.
    public static func generate() -> ClusterCredentials {
        ClusterCredentials(
            superuser: "postgres", superuserPassword: randomPassword(),
            replicationUser: "replicator", replicationPassword: randomPassword(),
            rewindUser: "rewinder", rewindPassword: randomPassword(),
            appUser: "chaos", appPassword: randomPassword(), appDatabase: "chaos",
            restAPIUser: "patroni", restAPIPassword: randomPassword(),
            pcpUser: "pcpadmin", pcpPassword: randomPassword())
    }

    /// Reads a credentials file.
    public static func load(from path: String) throws(InventoryError) -> ClusterCredentials {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InventoryError(path: path, reason: "credentials file missing or unreadable (it is root-only: run as root)")
        }
        do { return try JSONDecoder().decode(ClusterCredentials.self, from: data) } catch {
            throw InventoryError(path: path, reason: "credentials file unreadable: \(error)")
        }
    }

    /// Writes the file with mode 0600 (created with that mode, never world-readable even for a moment).
    public func write(to path: String) throws(InventoryError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do { data = try encoder.encode(self) } catch {
            throw InventoryError(path: path, reason: "could not encode credentials: \(error)")
        }
        unlink(path)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw InventoryError(path: path, reason: "could not create the credentials file: \(String(cString: strerror(errno)))")
        }
        fchmod(descriptor, 0o600)
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do { try handle.write(contentsOf: data) } catch {
            throw InventoryError(path: path, reason: "could not write credentials: \(error)")
        }
    }

    private static func randomPassword() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<24).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }
}

// MARK: - CustomStringConvertible
extension ClusterCredentials: CustomStringConvertible, CustomDebugStringConvertible {
    /// Users only; passwords are never printed.
    public var description: String {
        "ClusterCredentials(superuser: \(superuser), replication: \(replicationUser), app: \(appUser)@\(appDatabase), passwords redacted)"
    }
    public var debugDescription: String { description }
}
