import Foundation
import Testing
@testable import ChaosKit

/// `chaos export`: tables that paste into LaTeX and Markdown documents.
@Suite struct ExportTests {
    static let table = ExportTable(
        caption: "rto.direct by ttl (20261201T140354Z_study)",
        columns: [.init("ttl", numeric: true), .init("median", numeric: true), .init("interval of the median", numeric: true), .init("note")],
        rows: [["10", "9.91 s", "9.85 s – 10.39 s (75 %)", "50% of runs & more_than {x} $5 #1 ~ ^ \\"], ["30", "29.98 s", "—", "≤ ± × ✓ ✗, \"quoted\""],
               ["40", "1 s", "—", "rto.direct < 15s > 1s"]])

    @Test func latexIsWellFormed() {
        let latex = ExportFormat.latex.render([Self.table])
        #expect(latex.hasPrefix("\\begin{table}[htbp]\n") && latex.hasSuffix("\\end{table}\n"))
        #expect(latex.contains("\\begin{tabular}{rrrl}"))
        #expect(latex.contains("\\caption{rto.direct by ttl (20261201T140354Z\\_study)}"))
        #expect(latex.contains("50\\% of runs \\& more\\_than \\{x\\} \\$5 \\#1 \\textasciitilde{} \\textasciicircum{} \\textbackslash{}"))
        #expect(latex.contains("9.85 s -- 10.39 s (75 \\%)") && latex.contains("$\\le$ $\\pm$ $\\times$ yes no, \"quoted\""))
        let body = latex.split(separator: "\n").filter { $0.hasSuffix("\\\\") }
        #expect(body.count == 4, "a header and three rows")
        #expect(latex.contains("rto.direct \\textless{} 15s \\textgreater{} 1s"), "OT1 fonts print < and > as ¡ ¿")
        for line in body {
            // Four columns: three unescaped & per line, every one at the same place (aligned in the source).
            let separators = line.indices.filter { line[$0] == "&" && (line.index(before: $0) == line.startIndex || line[line.index(before: $0)] != "\\") }
            #expect(separators.count == 3, "\(line)")
        }
        let positions = body.map { line in line.distance(from: line.startIndex, to: line.range(of: " & ")!.lowerBound) }
        #expect(Set(positions).count == 1, "the first column is padded to one width: \(positions)")
        // Every { has its }: the environment and the escapes are balanced.
        let unescaped = latex.replacingOccurrences(of: "\\{", with: "").replacingOccurrences(of: "\\}", with: "")
        #expect(unescaped.filter { $0 == "{" }.count == unescaped.filter { $0 == "}" }.count)
    }

    @Test func markdownAlignsNumbersRight() {
        let markdown = ExportFormat.markdown.render([Self.table])
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "**rto.direct by ttl (20261201T140354Z_study)**" && lines[1].isEmpty)
        #expect(lines[3].hasPrefix("| --: | ------: |") && lines[3].hasSuffix("- |"), "numbers right, text left: \(lines[3])")
        #expect(Set(lines[2...5].map(\.count)).count == 1, "every line as wide as the others: \(lines[2...5])")
    }

    @Test func csvQuotesWhatNeedsIt() {
        let csv = ExportFormat.csv.render([Self.table])
        #expect(csv.hasPrefix("# rto.direct by ttl (20261201T140354Z_study)\nttl,median,interval of the median,note\n"))
        #expect(csv.contains(",50% of runs & more_than {x} $5 #1 ~ ^ \\\n"), "no comma or quote: as is")
        #expect(csv.contains(",\"≤ ± × ✓ ✗, \"\"quoted\"\"\"\n"), "a comma and quotes: quoted, quotes doubled")
    }

    @Test func aFolderThatChaosDidNotWriteIsNamed() {
        #expect(throws: ReportError.self) { try ExportTables.of(folder: NSTemporaryDirectory()) }
    }
}
