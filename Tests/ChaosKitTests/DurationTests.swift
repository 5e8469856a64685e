import Testing
@testable import ChaosKit

@Suite struct DurationTests {
    @Test func parsesUnits() throws {
        #expect(try ScenarioDuration.parse("500ms").get() == .seconds(0.5))
        #expect(try ScenarioDuration.parse("30s").get() == .seconds(30))
        #expect(try ScenarioDuration.parse("2m").get() == .seconds(120))
        #expect(try ScenarioDuration.parse("1m30s").get() == .seconds(90))
        #expect(try ScenarioDuration.parse("1.5s").get() == .seconds(1.5))
    }

    @Test func rejectsUnitlessNegativeAndUnknown() {
        #expect(ScenarioDuration.parse("30") == .failure(.missingUnit("30")))
        #expect(ScenarioDuration.parse("-5s") == .failure(.negative("-5s")))
        #expect(ScenarioDuration.parse("5 sec") == .failure(.unknownUnit("5 sec")))
        #expect(ScenarioDuration.parse("soon") == .failure(.notANumber("soon")))
    }

    @Test func printsShortestForm() {
        #expect(ScenarioDuration.seconds(0.5).description == "500ms")
        #expect(ScenarioDuration.seconds(90).description == "1m30s")
        #expect(ScenarioDuration.seconds(120).description == "2m")
        #expect(ScenarioDuration.seconds(9.84).description == "9.84s")
    }
}
