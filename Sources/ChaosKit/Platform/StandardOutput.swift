// Standard output's buffering: line by line, so a suite's progress shows up in a CI log as it happens.

import CSpawn

/// Process-wide standard output settings.
public enum StandardOutput {
    /// Makes standard output line-buffered (it is fully buffered when it is a pipe or a file).
    public static func lineBuffered() { chaos_line_buffer_stdout() }
}
