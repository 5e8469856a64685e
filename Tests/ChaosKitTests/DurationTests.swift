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

    @Test func refusesWhatNoRunCanMean() throws {
        #expect(ScenarioDuration.parse("3000000h") == .failure(.tooLong("3000000h")))
        #expect(ScenarioDuration.parse("99999999999999999999999999999999999999ms") == .failure(.tooLong("99999999999999999999999999999999999999ms")))
        #expect(ScenarioDuration.parse("169h") == .failure(.tooLong("169h")))
        #expect(try ScenarioDuration.parse("168h").get() == ScenarioDuration.maximum)
        #expect(ScenarioDuration.parse("0.4ms") == .failure(.belowResolution("0.4ms")))
        #expect(try ScenarioDuration.parse("0s").get() == .zero)
        #expect(try ScenarioDuration.parse("1ms").get() == ScenarioDuration.resolution)
    }

    @Test func sumsSaturateInsteadOfTrapping() {
        let big = ScenarioDuration(nanoseconds: .max - 1)
        #expect((big + .seconds(10)).nanoseconds == .max)
        #expect(ScenarioDuration.seconds(.infinity).nanoseconds == .max)
        #expect(ScenarioDuration.seconds(.nan).nanoseconds == 0)
        #expect(ScenarioDuration.seconds(1e300).nanoseconds == .max)
    }

    @Test func ratesAreFiniteWholeBitsUpTo100Gbit() throws {
        #expect(try BitRate.parse("1mbit").get().bitsPerSecond == 1_000_000)
        #expect(try BitRate.parse("100gbit").get() == BitRate.maximum)
        for bad in ["1e30gbit", "infmbit", "nanbit", "0.0001bit", "101gbit", "0bit", "-1mbit", "0x10kbit", "1..2mbit"] {
            #expect(throws: BitRate.ParseError.self, "\(bad)") { try BitRate.parse(bad).get() }
        }
    }

    @Test func numbersAreFiniteAndBounded() {
        #expect(FiniteNumber.parse("30") == 30)
        #expect(FiniteNumber.parse("-2.5") == -2.5)
        for bad in ["nan", "inf", "-inf", "1e400", "0x10", "1000000000000000000000000000000000000000", "", "1e13"] {
            #expect(FiniteNumber.parse(bad) == nil, "\(bad)")
        }
    }
}
