// `chaos export FOLDER… [--format csv|markdown|latex] [--output FILE]`: the tables of run, suite, bench and study
// folders for a document — LaTeX that pastes into a thesis, Markdown for a wiki, CSV for a spreadsheet.

import ArgumentParser
import ChaosKit
import Foundation

/// `--format` of `chaos export`.
enum ExportFormatName: String, CaseIterable, ExpressibleByArgument {
    case csv, markdown, latex

    var format: ExportFormat { ExportFormat(rawValue: rawValue) ?? .markdown }
}

struct ExportCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write the tables of run, suite, bench or study folders as CSV, Markdown or LaTeX.",
        discussion: """
            Examples:
              chaos export runs/20261201T140354Z_study --format latex > rto-vs-ttl.tex
              chaos export runs/20261201T120000Z_primary-kill --format markdown
            The figures are SVG files next to each report.html (a study's in figures/).
            """)

    @Argument(help: ArgumentHelp("Run, suite, bench or study folders.", valueName: "folder"), completion: .directory)
    var folders: [String]

    @Option(help: "csv, markdown or latex (default: markdown).")
    var format: ExportFormatName = .markdown

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.", completion: .file())
    var output: String?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        var tables: [ExportTable] = []
        for folder in folders {
            do { tables += try ExportTables.of(folder: folder) } catch {
                Console.error("error: \(error)")
                throw ExitCode.invalidInput
            }
        }
        let text = format.format.render(tables)
        if let output {
            do { try text.write(toFile: output, atomically: true, encoding: .utf8) } catch {
                Console.error("error: cannot write \(output): \(error.localizedDescription)")
                throw ExitCode.environmentError
            }
            Console.progress("\(tables.count) table(s) → \(output)")
        } else {
            print(text, terminator: "")
        }
    }
}
