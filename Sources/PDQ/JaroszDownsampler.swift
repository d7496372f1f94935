/// Blurs a luma plane with PDQ's tent filter (two box passes along rows, then columns) and
/// samples the 64x64 grid, reproducing the reference's floats exactly while doing less work.
///
/// The reference filters the whole plane four times and then keeps 4096 samples. Here one
/// sweep down the image, 8 rows at a time, does:
/// 1. rows, pass 1: luma for 8 rows, one SIMD lane per row, filtered along the row into a
///    ring of a few rows (the window plus one strip), so no full-size plane is ever stored;
/// 2. columns, pass 1: all columns at once, as far down as the ring has rows; each finished
///    row goes into an 8-row strip for step 3;
/// 3. rows, pass 2: running sums along each row, dividing only at the 64 sampled columns;
/// 4. then columns, pass 2: over the 64 sampled columns only, writing only the 64 sampled rows.
/// Each running sum is still updated in the reference's order, one step at a time. Working
/// memory stays in cache: about (window + 8 + 8) rows of floats plus a 64-column plane.
struct JaroszDownsampler {
    static let lanes = 8
    typealias Lanes = SIMD8<Float>

    let width: Int
    let height: Int
    let scratch: Scratch
    let rowSchedule: BoxSchedule
    let columnSchedule: BoxSchedule
    /// Rows of the pass-1 ring: the column window plus one strip, a multiple of 8 so that a
    /// strip's rows are contiguous in it.
    let ringRows: Int
    /// For each column: the first sample index j whose column is this one, and how many.
    let columnSamples: [(first: Int, count: Int)]
    /// For each row: the first sample index i whose row is this one, and how many.
    let rowSamples: [(first: Int, count: Int)]

    init(width: Int, height: Int, scratch: Scratch) {
        self.width = width
        self.height = height
        self.scratch = scratch
        rowSchedule = BoxSchedule(length: width, windowSize: BoxSchedule.jaroszWindowSize(oldDimension: width, newDimension: 64))
        let columnWindow = BoxSchedule.jaroszWindowSize(oldDimension: height, newDimension: 64)
        columnSchedule = BoxSchedule(length: height, windowSize: columnWindow)
        ringRows = (columnWindow + 2 * Self.lanes - 1) / Self.lanes * Self.lanes
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
        let lanes = Self.lanes
        // Working memory: the pass-1 ring, column sums, the 64-column plane after pass 3,
        // 8 rows of luma and 8 rows leaving the first column pass.
        let sumsLength = max(width, 64)
        let ring = scratch.floatBuffer(count: ringRows * width + sumsLength + height * 64 + 2 * lanes * width)
        let columnSums = ring + ringRows * width
        let sampledPlane = columnSums + sumsLength
        let lumaRows = sampledPlane + height * 64
        let dividedRows = lumaRows + lanes * width
        let strip = scratch.laneBuffer(count: 2 * width)
        let rowPassOut = strip + width

        var firstColumnPass = ColumnPass(schedule: columnSchedule, width: width, sums: columnSums)
        var dividedCount = 0
        /// Steps 2 + 3: the first column pass as far as `available` rows allow, feeding
        /// 8-row strips to the second row pass.
        func advanceColumns(available: Int) {
            firstColumnPass.advance(input: ring, ringRows: ringRows, available: available) { row, divisor in
                // Divide a whole row at once (vectorised, the same divisions), then
                // interleave the strip's rows into lanes when it is complete.
                let lane = row % lanes
                let divided = dividedRows + lane * width
                for column in 0..<width { divided[column] = columnSums[column] / divisor }
                dividedCount += 1
                guard lane == lanes - 1 || row == height - 1 else { return }
                let stripTop = row - lane
                let rows = dividedCount
                dividedCount = 0
                interleave(rows: rows, of: dividedRows, into: strip)
                runRowSchedule(strip) { column, sum, divisor in
                    let samples = columnSamples[column]
                    guard samples.count > 0 else { return }
                    let value = sum / Lanes(repeating: divisor)
                    for lane in 0..<rows {
                        for sample in samples.first..<(samples.first + samples.count) {
                            sampledPlane[(stripTop + lane) * 64 + sample] = value[lane]
                        }
                    }
                }
            }
        }

        // 1. Rows, first pass, a strip at a time, each followed by as much of steps 2 + 3 as
        // its rows allow.
        var top = 0
        while top < height {
            let rows = min(lanes, height - top)
            for lane in 0..<rows { source.fillRow(top + lane, width: width, into: lumaRows + lane * width) }
            interleave(rows: rows, of: lumaRows, into: strip)
            runRowSchedule(strip) { column, sum, divisor in
                rowPassOut[column] = sum / Lanes(repeating: divisor)
            }
            // Back to row-major in the ring: 8x8 blocks transposed in registers, the rest
            // lane by lane. `top` is a multiple of 8 and so is `ringRows`: the strip's rows
            // are contiguous there.
            let ringTop = ring + (top % ringRows) * width
            var column = 0
            if rows == lanes {
                while column + lanes <= width {
                    Self.storeTransposed(rowPassOut + column, to: ringTop + column, rowStride: width)
                    column += lanes
                }
            }
            while column < width {
                for lane in 0..<rows { ringTop[lane * width + column] = rowPassOut[column][lane] }
                column += 1
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

    /// Interleaves `rows` (at most 8) row-major lines of `width` floats into `strip`, one lane
    /// per line; lanes past `rows` are zero.
    private func interleave(rows: Int, of buffer: UnsafeMutablePointer<Float>, into strip: UnsafeMutablePointer<Lanes>) {
        let lanes = Self.lanes
        if rows == lanes {
            let b = buffer
            let w = width
            var column = 0
            while column + lanes <= width {
                Self.loadTransposed(b + column, rowStride: w, into: strip + column)
                column += lanes
            }
            while column < width {
                strip[column] = Lanes(b[column], b[w + column], b[2 * w + column], b[3 * w + column],
                                      b[4 * w + column], b[5 * w + column], b[6 * w + column], b[7 * w + column])
                column += 1
            }
        } else {
            for column in 0..<width {
                var value = Lanes(repeating: 0)
                for k in 0..<rows { value[k] = buffer[k * width + column] }
                strip[column] = value
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

    /// Writes the 8x8 block whose columns are `columns[0..<8]` (lane = row) to eight rows of
    /// `out`, `rowStride` floats apart.
    @inline(__always)
    static func storeTransposed(_ columns: UnsafeMutablePointer<Lanes>, to out: UnsafeMutablePointer<Float>, rowStride: Int) {
        let v = transposed((columns[0], columns[1], columns[2], columns[3], columns[4], columns[5], columns[6], columns[7]))
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
    /// writes them as eight columns (lane = row) to `columns[0..<8]`: the inverse of
    /// ``storeTransposed(_:to:rowStride:)``.
    @inline(__always)
    static func loadTransposed(_ rows: UnsafeMutablePointer<Float>, rowStride: Int, into columns: UnsafeMutablePointer<Lanes>) {
        let raw = UnsafeRawPointer(rows)
        let bytes = rowStride * MemoryLayout<Float>.stride
        let v = transposed((
            raw.loadUnaligned(fromByteOffset: 0, as: Lanes.self), raw.loadUnaligned(fromByteOffset: bytes, as: Lanes.self),
            raw.loadUnaligned(fromByteOffset: 2 * bytes, as: Lanes.self), raw.loadUnaligned(fromByteOffset: 3 * bytes, as: Lanes.self),
            raw.loadUnaligned(fromByteOffset: 4 * bytes, as: Lanes.self), raw.loadUnaligned(fromByteOffset: 5 * bytes, as: Lanes.self),
            raw.loadUnaligned(fromByteOffset: 6 * bytes, as: Lanes.self), raw.loadUnaligned(fromByteOffset: 7 * bytes, as: Lanes.self)))
        columns[0] = v.0
        columns[1] = v.1
        columns[2] = v.2
        columns[3] = v.3
        columns[4] = v.4
        columns[5] = v.5
        columns[6] = v.6
        columns[7] = v.7
    }

    /// Replays the row schedule over an interleaved strip (lane = row), calling `emit` with
    /// each output column's running sums and divisor.
    @inline(__always)
    private func runRowSchedule(_ strip: UnsafeMutablePointer<Lanes>, emit: (Int, Lanes, Float) -> Void) {
        var sum = Lanes(repeating: 0)
        rowSchedule.steps.withUnsafeBufferPointer { steps in
            for step in steps {
                if step.add >= 0 { sum = sum + strip[Int(step.add)] }
                if step.subtract >= 0 { sum = sum - strip[Int(step.subtract)] }
                if step.output >= 0 { emit(Int(step.output), sum, step.divisor) }
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
