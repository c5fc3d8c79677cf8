//! Carrying out the rows of a piece of background work (an import's, a bulk end's) a few at a time,
//! each picked among the first free rows at random, so that instances working side by side seldom
//! reach for the same one, until none is left.

use std::collections::HashSet;
use std::future::Future;
use std::sync::Mutex;

use futures_util::StreamExt;
use rand::seq::IndexedRandom;

/// Runs `carry_out` on the rows `free` lists (the first free ones, read again before each pick),
/// `concurrent` at a time and never one already in hand here, until `free` lists none (or fails:
/// `None`).
pub async fn each_free_row<Free, FreeFut, Carry, CarryFut>(
    concurrent: usize,
    free: Free,
    carry_out: Carry,
) where
    Free: Fn() -> FreeFut,
    FreeFut: Future<Output = Option<Vec<i64>>>,
    Carry: Fn(i64) -> CarryFut,
    CarryFut: Future<Output = ()>,
{
    let in_hand = Mutex::new(HashSet::new());
    let (in_hand, free, carry_out) = (&in_hand, &free, &carry_out);
    let rows = futures_util::stream::unfold((), move |()| async move {
        let listed = free().await?;
        let mut held = lock(in_hand);
        let candidates: Vec<i64> = listed.into_iter().filter(|r| !held.contains(r)).collect();
        let row = *candidates.choose(&mut rand::rng())?;
        held.insert(row);
        Some((row, ()))
    });
    rows.for_each_concurrent(concurrent, |row| async move {
        carry_out(row).await;
        lock(in_hand).remove(&row);
    })
    .await;
}

fn lock(in_hand: &Mutex<HashSet<i64>>) -> std::sync::MutexGuard<'_, HashSet<i64>> {
    in_hand.lock().unwrap_or_else(|e| e.into_inner())
}
