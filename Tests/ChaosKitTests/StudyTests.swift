import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import ChaosKit

/// Studies without a cluster: the file's checks, the matrix, the seeded order, resume, the median's interval, CSV.
@Suite struct StudyTests {
    static let studyFile = ScenarioLibraryTests.repositoryRoot.appendingPathComponent("scenarios/studies/test-study.yaml").path

    static func load(_ body: String) -> StudyLoadResult {
        StudyDefinitionReader.load(text: "version: 1\nkind: study\nscenarios: [../primary-kill.yaml]\n" + body, file: studyFile)
    }

    @Test func theMatrixExpandsWithTheFirstParameterSlowest() throws {
        let definition = try #require(Self.load("parameters:\n  ttl: [10, 20]\n  replication: [async, sync]\nrepetitions: 2\n").definition)
        #expect(definition.cells.map { $0.label(definition.parameters) } == [
            "ttl=10, replication=async", "ttl=10, replication=sync", "ttl=20, replication=async", "ttl=20, replication=sync",
        ])
        #expect(definition.runCount == 8 && definition.parameters.allSatisfy(\.isClusterSetting))
        let cluster = try StudyClusterSetting.apply(definition.cells[3], parameters: definition.parameters, to: .labDefault).get()
        #expect(cluster.ttl == 20 && cluster.loopWait == 1 && cluster.replication == .sync)
    }

    @Test func aPresetIsAppliedBeforeTheTimingsWhateverTheOrder() throws {
        let definition = try #require(Self.load("parameters:\n  ttl: [20]\n  profile: [seed]\n").definition)
        let cluster = try StudyClusterSetting.apply(definition.cells[0], parameters: definition.parameters, to: .labDefault).get()
        #expect(cluster.timings == PatroniTimings(ttl: 20, loopWait: 5, retryTimeout: 5), "the seed preset, then ttl 20")
    }

    @Test func aCellThatLeavesAPredictedBoundUnpredictableIsRefused() throws {
        let folder = NSTemporaryDirectory() + "chaos-study-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try """
            version: 1
            title: zombie
            method:
              - {name: cut, fault: partition, groups: [[primary], [replica, etcd]], duration: 30s}
            hypotheses:
              - rto.direct within predicted.rto.direct
            """.write(toFile: folder + "/zombie.yaml", atomically: true, encoding: .utf8)
        let result = StudyDefinitionReader.load(
            text: "version: 1\nkind: study\nscenarios: [zombie.yaml]\nparameters:\n  failsafe: [false, true]\n", file: folder + "/study.yaml")
        let message = try #require(result.diagnostics.first).description
        #expect(message.contains("cell failsafe=true of") && message.contains("predicted.rto.direct"), "\(message)")
    }

    @Test func aScenarioVariableIsAParameterToo() throws {
        let definition = try #require(Self.load("parameters:\n  rate: [50, 200]\n").definition)
        #expect(definition.parameters.first?.isClusterSetting == false)
        let scenario = try StudyRunner(platform: LabController(), capabilities: .everything)
            .scenario(for: StudyPlan.runs(of: definition)[1], cell: definition.cells[1], definition: definition).get()
        #expect(scenario.workload.rate == 200)
    }

    @Test func badStudiesAreRefusedWhereTheProblemIs() throws {
        func first(_ body: String) -> String { Self.load(body).diagnostics.first?.description ?? "accepted" }
        #expect(first("parameters:\n  ttll: [10]\n").contains("test-study.yaml:5:3"))
        #expect(first("parameters:\n  ttll: [10]\n").contains("did you mean 'ttl'"))
        #expect(first("parameters: {}\n").contains("the matrix is empty"))
        let rule = first("parameters:\n  ttl: [10, 5]\n")
        #expect(rule.contains("test-study.yaml:5:3") && rule.contains("cell ttl=5 of") && rule.contains("exceeds ttl 5 s"), "\(rule)")
        #expect(first("parameters:\n  rate: [50, 0]\n").contains("does not take rate=0"))
        #expect(first("parameters:\n  ttl: [10, 10]\n").contains("listed twice"))
        #expect(first("parameters:\n  loop_wait: [1, 4]\n  retry_timeout: [4]\n").contains("cell loop_wait=4, retry_timeout=4"))
        #expect(StudyDefinitionReader.load(text: "version: 1\nkind: study\nscenarios: [../nope.yaml]\nparameters:\n  ttl: [10]\n", file: Self.studyFile)
            .diagnostics.first?.description.contains("scenario ../nope.yaml does not load") == true)
        #expect(first("parameters:\n  ttl: [10]\nrepetitons: 3\n").contains("did you mean 'repetitions'"))
    }

    @Test func theOrderIsASeededPermutationThatDoesNotDependOnTheSwiftVersion() throws {
        let definition = try #require(Self.load("parameters:\n  ttl: [10, 20, 30]\nrepetitions: 3\n").definition)
        let order = StudyPlan.order(of: definition, seed: 1301)
        #expect(order == StudyPlan.order(of: definition, seed: 1301))
        #expect(order != StudyPlan.order(of: definition, seed: 1302))
        #expect(Set(order) == Set(StudyPlan.runs(of: definition)) && order.count == 9)
        // Pinned: a study's seed must replay the same order everywhere (this is what `--dry-run` printed).
        #expect(order.prefix(3).map { "\($0.cell)/\($0.repetition)" } == ["2/1", "1/3", "1/2"])
    }

    @Test func resumeRunsWhatIsLeftAndWhatWasInterrupted() throws {
        let definition = try #require(Self.load("parameters:\n  ttl: [10, 20]\nrepetitions: 2\n").definition)
        var record = StudyRecord(studyID: "x_study", startedAt: "t", definition: definition, seed: 7)
        func entry(_ key: StudyRunKey, interrupted: Bool? = nil) -> StudyEntry {
            StudyEntry(key: key, scenario: "primary-kill", runID: "r", verdict: interrupted == true ? "aborted" : "failed", reason: nil,
                       interrupted: interrupted, metrics: ["rto.direct": 10], predictions: ["rto.direct": [9, 11.7]], cluster: "")
        }
        record.entries = [entry(record.order[0]), entry(record.order[1], interrupted: true)]
        #expect(record.remaining == Array(record.order[1...]), "a failed run is finished; an interrupted one runs again")
        var notStarted = entry(record.order[2])
        notStarted.verdict = "error"
        record.entries.append(notStarted)
        #expect(record.remaining == Array(record.order[1...]), "a run that could not start (busy or unhealthy cluster) runs again too")
        #expect(record.workingDirectory == FileManager.default.currentDirectoryPath)
    }

    @Test func theMediansIntervalHasItsExactConfidence() throws {
        let three = try #require(MedianInterval.of([12, 10, 30]))
        #expect(three.low == 10 && three.high == 30 && three.confidence == 0.75)
        #expect(try #require(MedianInterval.of([1, 2, 3, 4, 5])).confidence == 0.9375)
        let six = try #require(MedianInterval.of([6, 1, 5, 2, 4, 3]))
        #expect(six.low == 1 && six.high == 6 && abs(six.confidence - 0.96875) < 1e-12)
        // n = 10: P(B ≤ 1) = 11/1024, so [x(2), x(9)] covers 1 − 22/1024 = 97.85 %; [x(3), x(8)] only 89.06 %.
        let ten = try #require(MedianInterval.of((1...10).map(Double.init)))
        #expect(ten.low == 2 && ten.high == 9 && abs(ten.confidence - (1 - 22.0 / 1024)) < 1e-12)
        #expect(MedianInterval.of([]) == nil)
    }

    @Test func resultsCSVIsLongAndTidy() throws {
        let definition = try #require(Self.load("parameters:\n  ttl: [10, 20]\n").definition)
        var record = StudyRecord(studyID: "20261201T140000Z_study", startedAt: "t", definition: definition, seed: 1)
        record.entries = [
            StudyEntry(key: StudyRunKey(cell: 2, scenario: definition.scenarios[0], repetition: 1), scenario: "primary-kill", runID: "run-a",
                       verdict: "failed", reason: "rto.direct = 21s < 20s ✗", interrupted: nil, metrics: ["rto.direct": 20.5, "rpo.lost": 0],
                       predictions: ["rto.direct": [19, 21.7]], cluster: "custom"),
            StudyEntry(key: StudyRunKey(cell: 1, scenario: definition.scenarios[0], repetition: 1), scenario: "primary-kill", runID: nil,
                       verdict: "error", reason: "lab, down", interrupted: nil, metrics: [:], predictions: [:], cluster: ""),
        ]
        let lines = StudyResultsCSV.render(record).split(separator: "\n").map(String.init)
        #expect(lines[0] == "study,cell,ttl,scenario,iteration,run_id,verdict,metric,value,unit,predicted_low,predicted_high")
        #expect(lines[1] == "20261201T140000Z_study,2,20,primary-kill,1,run-a,failed,rto.direct,20.500000,s,19,21.700000")
        #expect(lines[2] == "20261201T140000Z_study,2,20,primary-kill,1,run-a,failed,rpo.lost,0,count,,")
        #expect(lines[3] == "20261201T140000Z_study,1,10,primary-kill,1,,error,,,,,")
        let analysis = StudyAnalysis(record)
        let group = try #require(analysis.groups["rto.direct"]?.first { $0.cell.index == 2 })
        #expect(group.inside == 1 && group.medianError == 0)
        let markdown = StudySummaryRenderer.markdown(record, analysis: analysis)
        #expect(markdown.contains("| 20 | 1 | 20.50 s | — | 20.50 s – 20.50 s | 19.00 s – 21.70 s | 1 of 1 | 0 |"), "\(markdown)")
        let figures = StudyFigures.render(record, analysis: analysis)
        #expect(figures.map(\.fileName).contains("rto.direct-vs-ttl.svg"))
        #expect(figures.allSatisfy { $0.standalone.contains("xmlns=\"http://www.w3.org/2000/svg\"") && !$0.svg.contains("<script") })
        for figure in figures {
            let parser = XMLParser(data: Data(figure.standalone.utf8))
            #expect(parser.parse(), "\(figure.fileName) is well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
        }
    }

    @Test func theShippedStudiesAreValidAndTheirSchemaIsCurrent() throws {
        for name in ["ttl-vs-rto", "zombie-async-vs-sync"] {
            let path = ScenarioLibraryTests.repositoryRoot.appendingPathComponent("scenarios/studies/\(name).yaml").path
            let load = StudyDefinitionReader.load(fileAt: path)
            #expect(load.definition != nil, "\(name): \(load.diagnostics.map(\.description))")
        }
        let committed = try String(contentsOf: ScenarioLibraryTests.repositoryRoot.appendingPathComponent("scenarios/studies/schema.json"), encoding: .utf8)
        #expect(committed == (try ScenarioSchema.studyJSON()), "scenarios/studies/schema.json is stale: run `chaos schema --study > scenarios/studies/schema.json`")
    }
}
