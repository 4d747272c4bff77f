//! Parallel work with results in input order.
//!
//! Workers take the next input as soon as they are free, and the calling
//! thread receives each result as soon as every earlier one has arrived, so
//! no worker waits for a slow neighbour (as it would at the end of each
//! fixed batch). At most `limits.results` results, and about
//! `limits.bytes` of them by their weight, wait to be received, which bounds
//! memory whatever the number and size of the inputs.

use std::collections::VecDeque;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// How much parallel work may run and wait.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// Worker threads.
    pub(crate) jobs: usize,
    /// Finished results that may wait to be received.
    pub(crate) results: usize,
    /// Their total weight (bytes) past which no new input is started.
    pub(crate) bytes: usize,
}

struct State<R> {
    /// Results not yet received, with their weight; `done[k]` belongs to
    /// input `received + k`.
    done: VecDeque<Option<(R, usize)>>,
    /// The weight of the results in `done`.
    waiting: usize,
    received: usize,
    /// The next input to hand to a worker.
    next: usize,
    stop: bool,
}

/// Runs `work` on every item with `jobs` threads and calls `receive` with
/// each result in item order, on the calling thread. `receive` returns
/// `false` to stop early (the items not started are skipped). A panic in
/// `work` becomes `on_panic`'s result for that item. `weight` tells how
/// much memory a result holds.
pub(crate) fn ordered_map<T: Sync, R: Send>(
    items: &[T],
    limits: Limits,
    work: impl Fn(&T) -> R + Sync,
    on_panic: impl Fn(&T) -> R + Sync,
    weight: impl Fn(&R) -> usize + Sync,
    mut receive: impl FnMut(&T, R) -> bool,
) {
    let jobs = limits.jobs.max(1);
    let window = limits.results.max(jobs);
    let state =
        Mutex::new(State { done: VecDeque::new(), waiting: 0, received: 0, next: 0, stop: false });
    let changed = Condvar::new();
    let lock = || lock(&state);
    let wait = |g| wait(&changed, g);

    std::thread::scope(|s| {
        for _ in 0..jobs {
            s.spawn(|| loop {
                let i = {
                    let mut g = lock();
                    loop {
                        if g.stop || g.next >= items.len() {
                            return;
                        }
                        // Nothing waits when the next input is the first not
                        // received, so the weight limit never stalls progress.
                        if g.next < g.received + window && g.waiting < limits.bytes {
                            g.next += 1;
                            break g.next - 1;
                        }
                        g = wait(g);
                    }
                };
                let r = catch_unwind(AssertUnwindSafe(|| work(&items[i])))
                    .unwrap_or_else(|_| on_panic(&items[i]));
                let w = weight(&r);
                let mut g = lock();
                let k = i - g.received;
                if g.done.len() <= k {
                    g.done.resize_with(k + 1, || None);
                }
                g.done[k] = Some((r, w));
                g.waiting += w;
                changed.notify_all();
            });
        }
        // However the receiving loop ends (early stop, or a panic in
        // `receive`), waiting workers are released so the scope can join.
        let _release = Release(&|| {
            lock().stop = true;
            changed.notify_all();
        });
        for item in items {
            let r = {
                let mut g = lock();
                loop {
                    if let Some(Some(_)) = g.done.front() {
                        let (r, w) = g.done.pop_front().flatten().expect("front is done");
                        g.waiting -= w;
                        g.received += 1;
                        changed.notify_all();
                        break r;
                    }
                    g = wait(g);
                }
            };
            if !receive(item, r) {
                break;
            }
        }
    });
}

/// Runs its closure when dropped.
struct Release<'a>(&'a dyn Fn());

impl Drop for Release<'_> {
    fn drop(&mut self) {
        (self.0)();
    }
}

// Work panics are caught before the lock is taken, so a poisoned lock
// still holds consistent state.
fn lock<R>(m: &Mutex<State<R>>) -> MutexGuard<'_, State<R>> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn wait<'a, R>(cv: &Condvar, g: MutexGuard<'a, State<R>>) -> MutexGuard<'a, State<R>> {
    cv.wait(g).unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// Runs `f` with panic messages silenced; one test at a time, as the
    /// panic hook is global.
    fn quietly<T>(f: impl FnOnce() -> T) -> T {
        static HOOK: Mutex<()> = Mutex::new(());
        let _one = HOOK.lock().unwrap_or_else(PoisonError::into_inner);
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let out = f();
        std::panic::set_hook(hook);
        out
    }

    #[test]
    fn results_come_in_order_whatever_the_timing() {
        let items: Vec<u64> = (0..200).collect();
        for jobs in [1, 2, 5] {
            let mut got = Vec::new();
            ordered_map(
                &items,
                Limits { jobs, results: 4, bytes: usize::MAX },
                |&i| {
                    // Early items are slow, so later ones finish first.
                    std::thread::sleep(Duration::from_micros((200 - i) * 5));
                    i * 2
                },
                |_| u64::MAX,
                |_| 0,
                |&i, r| {
                    got.push((i, r));
                    true
                },
            );
            let want: Vec<(u64, u64)> = items.iter().map(|&i| (i, i * 2)).collect();
            assert_eq!(got, want, "jobs {jobs}");
        }
    }

    #[test]
    fn a_panic_costs_only_its_item() {
        let items: Vec<u32> = (0..50).collect();
        let mut got = Vec::new();
        quietly(|| {
            ordered_map(
                &items,
                Limits { jobs: 2, results: 8, bytes: usize::MAX },
                |&i| {
                    assert!(i != 7, "boom");
                    i
                },
                |_| 999,
                |_| 0,
                |_, r| {
                    got.push(r);
                    true
                },
            )
        });
        assert_eq!(got.len(), 50);
        assert_eq!(got[7], 999);
        assert!(got.iter().enumerate().all(|(i, &r)| i == 7 || r == i as u32));
    }

    #[test]
    fn a_panic_in_receive_does_not_hang_the_workers() {
        let items: Vec<u32> = (0..1000).collect();
        let result = quietly(|| {
            catch_unwind(AssertUnwindSafe(|| {
                ordered_map(
                    &items,
                    Limits { jobs: 2, results: 4, bytes: usize::MAX },
                    |&i| i,
                    |_| 0,
                    |_| 0,
                    |&i, _| {
                        assert!(i < 5, "receiver fails");
                        true
                    },
                );
            }))
        });
        assert!(result.is_err());
    }

    #[test]
    fn receive_can_stop_early() {
        let items: Vec<u32> = (0..1000).collect();
        let mut n = 0;
        ordered_map(
            &items,
            Limits { jobs: 2, results: 4, bytes: usize::MAX },
            |&i| i,
            |_| 0,
            |_| 0,
            |_, _| {
                n += 1;
                n < 10
            },
        );
        assert_eq!(n, 10);
    }

    #[test]
    fn heavy_results_stop_new_work_until_received() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let items: Vec<u64> = (0..60).collect();
        let started = AtomicUsize::new(0);
        let received = AtomicUsize::new(0);
        let ahead = AtomicUsize::new(0);
        ordered_map(
            &items,
            Limits { jobs: 2, results: 1000, bytes: 25 },
            |&i| {
                let n = started.fetch_add(1, Ordering::SeqCst) + 1;
                ahead.fetch_max(n - received.load(Ordering::SeqCst), Ordering::SeqCst);
                // The first item is slow: without the weight limit the
                // other worker would run through all the rest meanwhile.
                if i == 0 {
                    std::thread::sleep(Duration::from_millis(50));
                }
                i
            },
            |_| 0,
            |_| 10,
            |_, _| {
                received.fetch_add(1, Ordering::SeqCst);
                true
            },
        );
        assert_eq!(received.load(Ordering::SeqCst), 60);
        // Three results of weight 10 reach the limit of 25; two in work.
        assert!(ahead.load(Ordering::SeqCst) <= 6, "{}", ahead.load(Ordering::SeqCst));
    }
}
