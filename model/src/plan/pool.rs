//! A pool of offsets inside one address range that hands out runs of
//! addresses the way Azure's IPAM does: lowest free first (or highest free
//! first, for load-balancer frontends), never twice.

/// One run of taken offsets: `[start, start + len)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Run<O> {
    pub start: u64,
    pub len: u64,
    pub owner: O,
}

impl<O> Run<O> {
    fn end(&self) -> u64 {
        self.start + self.len
    }
}

/// Offsets `0..size` of a range, and which runs of them are taken.
#[derive(Clone, Debug)]
pub(crate) struct Pool<O> {
    size: u64,
    /// Sorted by start, never overlapping.
    runs: Vec<Run<O>>,
    /// Everything below this offset is taken: lowest-free searches start here,
    /// which keeps filling a range in order linear rather than quadratic.
    filled_below: u64,
}

impl<O> Pool<O> {
    pub fn new(size: u64) -> Self {
        Self {
            size,
            runs: Vec::new(),
            filled_below: 0,
        }
    }

    /// Takes exactly `[start, start + len)` if all of it is free and inside.
    pub fn take_exact(&mut self, start: u64, len: u64, owner: O) -> bool {
        if len == 0 || start.checked_add(len).is_none_or(|end| end > self.size) {
            return false;
        }
        let index = self.runs.partition_point(|run| run.start < start);
        let clear_before = index
            .checked_sub(1)
            .and_then(|before| self.runs.get(before))
            .is_none_or(|run| run.end() <= start);
        let clear_after = self
            .runs
            .get(index)
            .is_none_or(|run| start + len <= run.start);
        if !(clear_before && clear_after) {
            return false;
        }
        self.runs.insert(index, Run { start, len, owner });
        self.advance_filled_mark();
        true
    }

    /// Takes the lowest free run of `len` offsets starting at a multiple of
    /// `align`, and returns its start.
    pub fn claim_lowest(&mut self, len: u64, align: u64, owner: O) -> Option<u64> {
        let align = align.max(1);
        let first = self
            .runs
            .partition_point(|run| run.end() <= self.filled_below);
        let mut candidate = self.filled_below.next_multiple_of(align);
        for run in self.runs.iter().skip(first) {
            if candidate + len <= run.start {
                break;
            }
            candidate = candidate.max(run.end()).next_multiple_of(align);
        }
        (self.take_exact(candidate, len, owner)).then_some(candidate)
    }

    /// Gives back the run that starts at `start`, if there is one.
    pub fn release(&mut self, start: u64) {
        if let Ok(index) = self.runs.binary_search_by_key(&start, |run| run.start) {
            self.runs.remove(index);
            self.filled_below = self.filled_below.min(start);
        }
    }

    /// Offsets still free.
    pub fn free(&self) -> u64 {
        self.size - self.runs.iter().map(|run| run.len).sum::<u64>()
    }

    pub fn runs(&self) -> &[Run<O>] {
        &self.runs
    }

    pub fn into_runs(self) -> Vec<Run<O>> {
        self.runs
    }

    fn advance_filled_mark(&mut self) {
        let mut index = self
            .runs
            .partition_point(|run| run.start < self.filled_below);
        let before = index
            .checked_sub(1)
            .and_then(|before| self.runs.get(before));
        if before.is_some_and(|run| run.end() > self.filled_below) {
            index -= 1;
        }
        while let Some(run) = self.runs.get(index) {
            if run.start > self.filled_below {
                break;
            }
            self.filled_below = self.filled_below.max(run.end());
            index += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_lowest_free_runs_in_order_and_skips_taken_ones() {
        let mut pool = Pool::new(20);
        assert!(pool.take_exact(0, 4, "reserved"));
        assert_eq!(pool.claim_lowest(1, 1, "a"), Some(4));
        assert!(pool.take_exact(6, 2, "pinned"));
        // A run of 3 does not fit in the gap at 5, so it goes after the pin.
        assert_eq!(pool.claim_lowest(3, 1, "b"), Some(8));
        assert_eq!(pool.claim_lowest(1, 1, "c"), Some(5));
        assert_eq!(pool.free(), 20 - 4 - 1 - 2 - 3 - 1);
    }

    #[test]
    fn aligned_claims_start_on_a_multiple() {
        let mut pool = Pool::new(64);
        assert!(pool.take_exact(0, 4, "reserved"));
        assert_eq!(pool.claim_lowest(16, 16, "block"), Some(16));
        assert_eq!(pool.claim_lowest(16, 16, "block"), Some(32));
    }

    #[test]
    fn claims_report_exhaustion() {
        let mut pool = Pool::new(10);
        assert!(pool.take_exact(9, 1, "broadcast"));
        assert_eq!(pool.claim_lowest(8, 1, "nodes"), Some(0));
        assert_eq!(pool.claim_lowest(1, 1, "lb"), Some(8));
        assert_eq!(pool.claim_lowest(1, 1, "one more"), None);
        assert_eq!(pool.free(), 0);
    }

    #[test]
    fn exact_takes_refuse_overlaps_and_the_outside() {
        let mut pool = Pool::new(8);
        assert!(pool.take_exact(2, 2, 'a'));
        assert!(!pool.take_exact(3, 1, 'b'));
        assert!(!pool.take_exact(1, 2, 'b'));
        assert!(!pool.take_exact(7, 2, 'b'));
        assert!(!pool.take_exact(u64::MAX, 2, 'b'));
        assert!(!pool.take_exact(0, 0, 'b'));
    }
}
