/// Blurs a luma plane with PDQ's tent filter (two box passes along rows, then columns) and
/// samples the 64x64 grid, reproducing the reference's floats exactly while doing less work.
///
/// The reference filters the whole plane four times and then keeps 4096 samples. Here one
/// sweep down the image, a strip of 16 rows at a time, does:
/// 1. rows, pass 1: luma for 16 rows, one SIMD lane per row in two 8-lane halves, filtered
///    along the row into a ring of a few rows (the window plus one strip), so no full-size
///    plane is ever stored;
/// 2. columns, pass 1: all columns at once, as far down as the ring has rows; each finished
///    row goes into a 16-row strip for step 3;
/// 3. rows, pass 2: running sums along each row, dividing only at the 64 sampled columns;
/// 4. then columns, pass 2: over the 64 sampled columns only, writing only the 64 sampled rows.
/// Each running sum is still updated in the reference's order, one step at a time; a strip's
/// two halves are two independent chains of running sums, which the CPU overlaps (one chain
/// alone waits on the latency of each addition). Working memory stays in cache: about
/// (window + 16 + 16) rows of floats plus a 64-column plane.
struct JaroszDownsampler {
    static let lanes = 8
    /// Rows per strip: two halves of `lanes` rows, interleaved column by column.
    static let stripRows = 2 * lanes
    typealias Lanes = SIMD8<Float>

    let width: Int
    let height: Int
    let scratch: Scratch
    let rowPhases: BoxPhases
    let columnSchedule: BoxSchedule
    /// Rows of the pass-1 ring: the column window plus one strip, a multiple of the strip
    /// height so that a strip's rows are contiguous in it.
    let ringRows: Int
    /// For each column: the first sample index j whose column is this one, and how many.
    let columnSamples: [(first: Int, count: Int)]
    /// For each row: the first sample index i whose row is this one, and how many.
    let rowSamples: [(first: Int, count: Int)]

    init(width: Int, height: Int, scratch: Scratch) {
        self.width = width
        self.height = height
        self.scratch = scratch
        rowPhases = BoxPhases(BoxSchedule(length: width, windowSize: BoxSchedule.jaroszWindowSize(oldDimension: width, newDimension: 64)))
        let columnWindow = BoxSchedule.jaroszWindowSize(oldDimension: height, newDimension: 64)
        columnSchedule = BoxSchedule(length: height, windowSize: columnWindow)
        ringRows = (columnWindow + 2 * Self.stripRows - 1) / Self.stripRows * Self.stripRows
        columnSamples = Self.samples(length: width)
        rowSamples = Self.samples(length: height)
    }

    /// Which of the 64 decimation samples fall on each index of a line of `length`.
    private static func samples(length: Int) -> [(first: Int, count: Int)] {
        var result = [(first: Int, count: Int)](repeating: (0, 0), count: length)
        for sample in 0..<64 {
            let index = Int(((Double(sample) + 0.5) * Double(length)) / 64.0)
            if result[index].count == 0 { result[index].first = sample }
            result[index].count += 1
        }
        return result
    }

    /// Filters `source` and writes the 64x64 samples, row-major, to `out`. Rows are read from
    /// `source` once each, top to bottom.
    func downsample(_ source: LumaSource, into out: UnsafeMutablePointer<Float>) {
        let lanes = Self.lanes, stripRows = Self.stripRows
        // Working memory: the pass-1 ring, column sums, the 64-column plane after pass 3,
        // a strip of luma rows and a strip of rows leaving the first column pass.
        let sumsLength = max(width, 64)
        let ring = scratch.floatBuffer(count: ringRows * width + sumsLength + height * 64 + 2 * stripRows * width)
        let columnSums = ring + ringRows * width
        let sampledPlane = columnSums + sumsLength
        let lumaRows = sampledPlane + height * 64
        let dividedRows = lumaRows + stripRows * width
        // Strips hold two vectors per column: rows 0..<8 of the strip, then rows 8..<16.
        let strip = scratch.laneBuffer(count: 4 * width)
        let rowPassOut = strip + 2 * width

        var firstColumnPass = ColumnPass(schedule: columnSchedule, width: width, sums: columnSums)
        var dividedCount = 0
        /// Steps 2 + 3: the first column pass as far as `available` rows allow, feeding
        /// strips to the second row pass.
        func advanceColumns(available: Int) {
            firstColumnPass.advance(input: ring, ringRows: ringRows, available: available) { row, divisor in
                // Divide a whole row at once (vectorised, the same divisions), then
                // interleave the strip's rows into lanes when it is complete.
                let line = row % stripRows
                let divided = dividedRows + line * width
                for column in 0..<width { divided[column] = columnSums[column] / divisor }
                dividedCount += 1
                guard line == stripRows - 1 || row == height - 1 else { return }
                let stripTop = row - line
                let rows = dividedCount
                dividedCount = 0
                interleave(rows: rows, of: dividedRows, into: strip)
                let lowRows = min(rows, lanes), highRows = rows - lowRows
                runRowSchedule(strip) { column, low, high, divisor in
                    let samples = columnSamples[column]
                    guard samples.count > 0 else { return }
                    let divisors = Lanes(repeating: divisor)
                    let lowValue = low / divisors, highValue = high / divisors
                    for sample in samples.first..<(samples.first + samples.count) {
                        let top = sampledPlane + stripTop * 64 + sample
                        for lane in 0..<lowRows { top[lane * 64] = lowValue[lane] }
                        for lane in 0..<highRows { top[(lanes + lane) * 64] = highValue[lane] }
                    }
                }
            }
        }

        // 1. Rows, first pass, a strip at a time, each followed by as much of steps 2 + 3 as
        // its rows allow.
        var top = 0
        while top < height {
            let rows = min(stripRows, height - top)
            for line in 0..<rows { source.fillRow(top + line, width: width, into: lumaRows + line * width) }
            interleave(rows: rows, of: lumaRows, into: strip)
            runRowSchedule(strip) { column, low, high, divisor in
                let divisors = Lanes(repeating: divisor)
                rowPassOut[2 * column] = low / divisors
                rowPassOut[2 * column + 1] = high / divisors
            }
            // Back to row-major in the ring: 8x8 blocks transposed in registers, the rest
            // lane by lane. `top` is a multiple of the strip height and so is `ringRows`:
            // the strip's rows are contiguous there.
            let ringTop = ring + (top % ringRows) * width
            for half in 0..<2 {
                let halfRows = min(lanes, rows - half * lanes)
                guard halfRows > 0 else { break }
                let halfOut = rowPassOut + half
                let halfTop = ringTop + half * lanes * width
                var column = 0
                if halfRows == lanes {
                    while column + lanes <= width {
                        Self.storeTransposed(halfOut + 2 * column, columnStride: 2, to: halfTop + column, rowStride: width)
                        column += lanes
                    }
                }
                while column < width {
                    for lane in 0..<halfRows { halfTop[lane * width + column] = halfOut[2 * column][lane] }
                    column += 1
                }
            }
            top += rows
            advanceColumns(available: top)
        }

        // 4. Columns, second pass, over the 64 sampled columns, writing the sampled rows.
        var secondColumnPass = ColumnPass(schedule: columnSchedule, width: 64, sums: columnSums)
        secondColumnPass.advance(input: sampledPlane, ringRows: height, available: height) { row, divisor in
            let samples = rowSamples[row]
            guard samples.count > 0 else { return }
            for sample in samples.first..<(samples.first + samples.count) {
                for column in 0..<64 { out[sample * 64 + column] = columnSums[column] / divisor }
            }
        }
    }

    /// Interleaves `rows` (at most 16) row-major lines of `width` floats into `strip`: column
    /// `c` of lines 0..<8 goes to the lanes of `strip[2c]`, of lines 8..<16 to `strip[2c + 1]`;
    /// lanes past `rows` are zero.
    private func interleave(rows: Int, of buffer: UnsafeMutablePointer<Float>, into strip: UnsafeMutablePointer<Lanes>) {
        let lanes = Self.lanes
        for half in 0..<2 {
            let halfRows = max(0, min(lanes, rows - half * lanes))
            let b = buffer + half * lanes * width
            let halfStrip = strip + half
            if halfRows == lanes {
                let w = width
                var column = 0
                while column + lanes <= width {
                    Self.loadTransposed(b + column, rowStride: w, into: halfStrip + 2 * column, columnStride: 2)
                    column += lanes
                }
                while column < width {
                    halfStrip[2 * column] = Lanes(b[column], b[w + column], b[2 * w + column], b[3 * w + column],
                                                  b[4 * w + column], b[5 * w + column], b[6 * w + column], b[7 * w + column])
                    column += 1
                }
            } else {
                for column in 0..<width {
                    var value = Lanes(repeating: 0)
                    for k in 0..<halfRows { value[k] = b[k * width + column] }
                    halfStrip[2 * column] = value
                }
            }
        }
    }

    /// An 8x8 block of floats as eight vectors.
    typealias Block = (Lanes, Lanes, Lanes, Lanes, Lanes, Lanes, Lanes, Lanes)

    /// Transposes an 8x8 block (vector k, lane i becomes vector i, lane k) with three rounds
    /// of even/odd unzipping (each round rotates the 6-bit (vector, lane) index right by one bit).
    @inline(__always)
    static func transposed(_ block: Block) -> Block {
        var v = block
        for _ in 0..<3 {
            v = (Lanes(lowHalf: v.0.evenHalf, highHalf: v.1.evenHalf), Lanes(lowHalf: v.2.evenHalf, highHalf: v.3.evenHalf),
                 Lanes(lowHalf: v.4.evenHalf, highHalf: v.5.evenHalf), Lanes(lowHalf: v.6.evenHalf, highHalf: v.7.evenHalf),
                 Lanes(lowHalf: v.0.oddHalf, highHalf: v.1.oddHalf), Lanes(lowHalf: v.2.oddHalf, highHalf: v.3.oddHalf),
                 Lanes(lowHalf: v.4.oddHalf, highHalf: v.5.oddHalf), Lanes(lowHalf: v.6.oddHalf, highHalf: v.7.oddHalf))
        }
        return v
    }

    /// Writes the 8x8 block whose columns are `columns[0]`, `columns[columnStride]`, ...
    /// (eight vectors, lane = row) to eight rows of `out`, `rowStride` floats apart.
    @inline(__always)
    static func storeTransposed(_ columns: UnsafeMutablePointer<Lanes>, columnStride: Int,
                                to out: UnsafeMutablePointer<Float>, rowStride: Int) {
        let c = columnStride
        let v = transposed((columns[0], columns[c], columns[2 * c], columns[3 * c],
                            columns[4 * c], columns[5 * c], columns[6 * c], columns[7 * c]))
        let raw = UnsafeMutableRawPointer(out)
        let bytes = rowStride * MemoryLayout<Float>.stride
        raw.storeBytes(of: v.0, toByteOffset: 0, as: Lanes.self)
        raw.storeBytes(of: v.1, toByteOffset: bytes, as: Lanes.self)
        raw.storeBytes(of: v.2, toByteOffset: 2 * bytes, as: Lanes.self)
        raw.storeBytes(of: v.3, toByteOffset: 3 * bytes, as: Lanes.self)
        raw.storeBytes(of: v.4, toByteOffset: 4 * bytes, as: Lanes.self)
        raw.storeBytes(of: v.5, toByteOffset: 5 * bytes, as: Lanes.self)
        raw.storeBytes(of: v.6, toByteOffset: 6 * bytes, as: Lanes.self)
        raw.storeBytes(of: v.7, toByteOffset: 7 * bytes, as: Lanes.self)
    }

    /// Reads eight floats from each of eight rows of `rows`, `rowStride` floats apart, and
    /// writes them as eight columns (lane = row) to `columns[0]`, `columns[columnStride]`, ...:
    /// the inverse of ``storeTransposed(_:columnStride:to:rowStride:)``.
    @inline(__always)
    static func loadTransposed(_ rows: UnsafeMutablePointer<Float>, rowStride: Int,
                               into columns: UnsafeMutablePointer<Lanes>, columnStride: Int) {
        let raw = UnsafeRawPointer(rows)
        let bytes = rowStride * MemoryLayout<Float>.stride
        let v = transposed((
            raw.loadUnaligned(fromByteOffset: 0, as: Lanes.self), raw.loadUnaligned(fromByteOffset: bytes, as: Lanes.self),
            raw.loadUnaligned(fromByteOffset: 2 * bytes, as: Lanes.self), raw.loadUnaligned(fromByteOffset: 3 * bytes, as: Lanes.self),
            raw.loadUnaligned(fromByteOffset: 4 * bytes, as: Lanes.self), raw.loadUnaligned(fromByteOffset: 5 * bytes, as: Lanes.self),
            raw.loadUnaligned(fromByteOffset: 6 * bytes, as: Lanes.self), raw.loadUnaligned(fromByteOffset: 7 * bytes, as: Lanes.self)))
        let c = columnStride
        columns[0] = v.0
        columns[c] = v.1
        columns[2 * c] = v.2
        columns[3 * c] = v.3
        columns[4 * c] = v.4
        columns[5 * c] = v.5
        columns[6 * c] = v.6
        columns[7 * c] = v.7
    }

    /// Replays the row schedule over a strip (two vectors per column, lane = row), running
    /// the two halves' sums side by side, and calls `emit` with each output column, both
    /// halves' running sums and the divisor. Each sum sees exactly the schedule's steps.
    @inline(__always)
    private func runRowSchedule(_ strip: UnsafeMutablePointer<Lanes>, emit: (Int, Lanes, Lanes, Float) -> Void) {
        let phases = rowPhases
        var low = Lanes(repeating: 0), high = Lanes(repeating: 0)
        var right = 0, left = 0, output = 0
        phases.divisors.withUnsafeBufferPointer { divisors in
            // Accumulate: the window grows, nothing is written yet.
            while right < phases.accumulate {
                low = low + strip[2 * right]
                high = high + strip[2 * right + 1]
                right += 1
            }
            // Grow: the window grows and each step writes.
            let growEnd = phases.accumulate + phases.grow
            while right < growEnd {
                low = low + strip[2 * right]
                high = high + strip[2 * right + 1]
                emit(output, low, high, divisors[output])
                right += 1; output += 1
            }
            // Full window: one sample in, one out, the same divisor.
            let fullEnd = growEnd + phases.full
            let fullDivisor = phases.fullDivisor
            while right < fullEnd {
                low = low + strip[2 * right]
                low = low - strip[2 * left]
                high = high + strip[2 * right + 1]
                high = high - strip[2 * left + 1]
                emit(output, low, high, fullDivisor)
                right += 1; left += 1; output += 1
            }
            // Shrink: samples leave the window.
            let shrinkEnd = output + phases.shrink
            while output < shrinkEnd {
                low = low - strip[2 * left]
                high = high - strip[2 * left + 1]
                emit(output, low, high, divisors[output])
                left += 1; output += 1
            }
        }
    }
}

/// A column pass of the box filter in progress: replays a column schedule down `width`
/// columns at once, keeping the running sums in `sums`, as far as the rows given so far.
struct ColumnPass {
    let schedule: BoxSchedule
    let width: Int
    let sums: UnsafeMutablePointer<Float>
    /// The next step of the schedule to run.
    private var next = 0

    init(schedule: BoxSchedule, width: Int, sums: UnsafeMutablePointer<Float>) {
        self.schedule = schedule
        self.width = width
        self.sums = sums
        sums.initialize(repeating: 0, count: width)
    }

    /// Runs the steps whose rows are among the first `available` rows of the line; once all
    /// `schedule.length` rows are available, runs to the end. Row `r` is read at
    /// `input + (r % ringRows) * width`. Calls `emit(row, divisor)` at each output row, when
    /// `sums` holds that row's running sums.
    @inline(__always)
    mutating func advance(input: UnsafeMutablePointer<Float>, ringRows: Int, available: Int, emit: (Int, Float) -> Void) {
        let width = self.width, sums = self.sums
        let complete = available >= schedule.length
        var next = self.next
        schedule.steps.withUnsafeBufferPointer { steps in
            while next < steps.count {
                let step = steps[next]
                guard complete || (step.add >= 0 && Int(step.add) < available) else { break }
                next += 1
                if step.add >= 0 {
                    let added = input + (Int(step.add) % ringRows) * width
                    if step.subtract >= 0 {
                        let removed = input + (Int(step.subtract) % ringRows) * width
                        for column in 0..<width { sums[column] = (sums[column] + added[column]) - removed[column] }
                    } else {
                        for column in 0..<width { sums[column] += added[column] }
                    }
                } else if step.subtract >= 0 {
                    let removed = input + (Int(step.subtract) % ringRows) * width
                    for column in 0..<width { sums[column] -= removed[column] }
                }
                if step.output >= 0 { emit(Int(step.output), step.divisor) }
            }
        }
        self.next = next
    }
}
