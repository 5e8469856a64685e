import Foundation
import Testing
@testable import ChaosKit

@Suite struct FaultJournalTests {
    /// Appends half a record with no newline, as a runner killed mid-write leaves it.
    func tear(_ journal: FaultJournal, with fragment: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: journal.path))
        handle.seekToEndOfFile()
        handle.write(Data(fragment.utf8))
        try handle.close()
    }

    func temporaryJournal() -> FaultJournal {
        FaultJournal(path: NSTemporaryDirectory() + "chaos-journal-\(UUID().uuidString)")
    }

    @Test func unhealedIsInjectedWithoutHealed() throws {
        let journal = temporaryJournal()
        defer { try? FileManager.default.removeItem(atPath: journal.path) }
        let undo: [UndoAction] = [.deleteIptablesRule(node: "pg1", chain: "INPUT", rule: ["-s", "10.203.0.11", "-j", "DROP"])]
        try journal.append(FaultJournalRecord(event: .inject, id: "a", kind: "partition", target: "pg1", undo: undo, at: "t"))
        try journal.append(FaultJournalRecord(event: .inject, id: "b", kind: "kill", target: "pg2", undo: [.startService(node: "pg2", service: "patroni")], at: "t"))
        try journal.markHealed("a")
        let open = try journal.unhealed()
        #expect(open.map(\.record.id) == ["b"])
        #expect(open.first?.undo == [.startService(node: "pg2", service: "patroni")])
    }

    @Test func tornLastLineIsIgnored() throws {
        let journal = temporaryJournal()
        defer { try? FileManager.default.removeItem(atPath: journal.path) }
        try journal.append(FaultJournalRecord(event: .inject, id: "a", kind: "pause", undo: [.resumeService(node: "pg1", service: "patroni")], at: "t"))
        try tear(journal, with: "{\"event\":\"healed\",\"id\":")
        #expect(try journal.unhealed().map(\.record.id) == ["a"])
    }

    @Test func journalFileIsPrivate() throws {
        let journal = temporaryJournal()
        defer { try? FileManager.default.removeItem(atPath: journal.path) }
        try journal.append(FaultJournalRecord(event: .healed, id: "x", at: "t"))
        let attributes = try FileManager.default.attributesOfItem(atPath: journal.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func anAppendAfterATornLineIsKept() throws {
        let journal = temporaryJournal()
        defer { try? FileManager.default.removeItem(atPath: journal.path) }
        try journal.append(FaultJournalRecord(event: .inject, id: "a", kind: "pause", undo: [.resumeService(node: "pg1", service: "patroni")], at: "t"))
        try tear(journal, with: "{\"event\":\"healed\",\"id\":")
        // The runner died mid-write; the next process appends. Its record must not be glued to the torn line.
        try journal.append(FaultJournalRecord(event: .inject, id: "b", kind: "kill", undo: [.startService(node: "pg2", service: "patroni")], at: "t"))
        let contents = try journal.read()
        #expect(contents.records.map(\.id) == ["a", "b"])
        #expect(try journal.unhealed().map(\.record.id) == ["a", "b"])
        // The torn line is now in the middle: reported, since it might have been an inject record.
        #expect(contents.damagedLines == [2])
        #expect(!contents.tornLastLine)
    }

    @Test func aTornLastLineIsNotReportedAsDamage() throws {
        let journal = temporaryJournal()
        defer { try? FileManager.default.removeItem(atPath: journal.path) }
        try journal.append(FaultJournalRecord(event: .healed, id: "x", at: "t"))
        try tear(journal, with: "{\"event\":\"inj")
        let contents = try journal.read()
        #expect(contents.damagedLines.isEmpty)
        #expect(contents.tornLastLine)
    }

    @Test func anUnreadableJournalIsAnErrorNotAnEmptyList() throws {
        let directory = NSTemporaryDirectory() + "chaos-journal-dir-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: FaultJournalError.self) { try FaultJournal(path: directory).unhealed() }
        #expect(try FaultJournal(path: directory + "/missing").unhealed().isEmpty)
    }
}
