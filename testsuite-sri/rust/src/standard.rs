//! The standard-channel scenario: a miner built on `mining_sv2`'s message types.
//!
//! After SetupConnection.Success: OpenStandardMiningChannel (maximum target all 0xff, so the pool
//! picks the target from the announced hash rate), then NewMiningJob and SetNewPrevHash (a future
//! job activated by its chain tip, or a job with `min_ntime` on the current tip), then shares
//! ground on the CPU until the header hash meets the channel target, each submitted with
//! SubmitSharesStandard and answered one by one. Finally deliberately bad shares, each of which
//! must come back as SubmitShares.Error with the reference implementation's code.
//!
//! The header is laid out as the reference mining device builds it (INTEROP-NOTES §6): version,
//! prev_hash and merkle_root exactly as carried in their U256 fields, ntime, nbits, nonce, all
//! integers little-endian; the share meets the target when `dSHA256(header)`, read as a
//! little-endian integer, is at most the target.

use crate::transport::{Frame, NoiseConnection};
use crate::{report, Failure, Result};
use binary_sv2::U256;
use mining_sv2::{
    CloseChannel, NewMiningJob, OpenMiningChannelError, OpenStandardMiningChannel,
    OpenStandardMiningChannelSuccess, SetNewPrevHash, SetTarget, SubmitSharesError,
    SubmitSharesStandard, SubmitSharesSuccess, CHANNEL_BIT_OPEN_STANDARD_MINING_CHANNEL,
    CHANNEL_BIT_SUBMIT_SHARES_STANDARD, ERROR_CODE_SUBMIT_SHARES_DIFFICULTY_TOO_LOW,
    ERROR_CODE_SUBMIT_SHARES_DUPLICATE_SHARE, ERROR_CODE_SUBMIT_SHARES_INVALID_JOB_ID,
    ERROR_CODE_SUBMIT_SHARES_STALE_SHARE, MESSAGE_TYPE_CLOSE_CHANNEL,
    MESSAGE_TYPE_MINING_SET_NEW_PREV_HASH, MESSAGE_TYPE_NEW_MINING_JOB,
    MESSAGE_TYPE_OPEN_MINING_CHANNEL_ERROR, MESSAGE_TYPE_OPEN_STANDARD_MINING_CHANNEL,
    MESSAGE_TYPE_OPEN_STANDARD_MINING_CHANNEL_SUCCESS, MESSAGE_TYPE_SET_TARGET,
    MESSAGE_TYPE_SUBMIT_SHARES_ERROR, MESSAGE_TYPE_SUBMIT_SHARES_STANDARD,
    MESSAGE_TYPE_SUBMIT_SHARES_SUCCESS,
};
use secp256k1::hashes::{sha256d, Hash};
use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

/// Extension type of every mining-protocol message.
const CORE_EXTENSION: u16 = 0;
const REQUEST_ID: u32 = 1;
/// Shares allowed to go stale because a new chain tip crossed them on the wire.
const MAX_STALE_RETRIES: u32 = 10;

/// A deliberately bad share and the error the pool must answer it with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadShare {
    /// A job id the pool never sent: `invalid-job-id`.
    UnknownJob,
    /// A nonce whose hash misses both the channel and the network target: `difficulty-too-low`.
    LowDifficulty,
    /// The last accepted share again: `duplicate-share`, or `stale-share` when a new chain tip
    /// arrived in between (the pool forgets seen shares and retires the job on a new tip).
    Duplicate,
    /// A share for the job of the previous chain tip: `stale-share`. Waits for a tip change when
    /// none happened yet (on regtest the shares' own blocks bring one). Should the tip move again
    /// while it is in flight, a pool that keeps only one previous tip's jobs (sv2-gateway) answers
    /// `invalid-job-id` instead.
    Stale,
}

impl BadShare {
    /// Parses `unknown-job`, `low-difficulty`, `duplicate` or `stale`.
    pub fn parse(text: &str) -> Result<Self> {
        match text.trim() {
            "unknown-job" => Ok(Self::UnknownJob),
            "low-difficulty" => Ok(Self::LowDifficulty),
            "duplicate" => Ok(Self::Duplicate),
            "stale" => Ok(Self::Stale),
            other => Err(Failure::usage(format!(
                "--bad-shares: '{other}' is not one of unknown-job, low-difficulty, duplicate, stale"
            ))),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::UnknownJob => "unknown-job",
            Self::LowDifficulty => "low-difficulty",
            Self::Duplicate => "duplicate",
            Self::Stale => "stale",
        }
    }
}

/// What the scenario asks of the pool.
#[derive(Debug, Clone)]
pub struct StandardChannelOptions {
    pub identity: String,
    pub nominal_hash_rate: f32,
    pub shares: u32,
    pub bad_shares: Vec<BadShare>,
    /// Nonces tried per share before giving up (the target is too hard for a CPU).
    pub max_hashes_per_share: u64,
}

#[derive(Debug, Clone)]
struct Job {
    id: u32,
    version: u32,
    merkle_root: [u8; 32],
    min_ntime: Option<u32>,
}

#[derive(Debug, Clone, Copy)]
struct Tip {
    prev_hash: [u8; 32],
    min_ntime: u32,
    nbits: u32,
}

/// A share's header fields, as submitted.
#[derive(Debug, Clone, Copy)]
struct Share {
    job_id: u32,
    nonce: u32,
    ntime: u32,
    version: u32,
    hash: [u8; 32],
}

enum Answer {
    Accepted {
        last_sequence_number: u32,
        new_submits_accepted_count: u32,
    },
    Rejected(String),
}

/// The fields of OpenStandardMiningChannel.Success this miner uses.
struct OpenedChannel {
    channel_id: u32,
    group_channel_id: u32,
    target: [u8; 32],
    extranonce_prefix_len: usize,
}

/// Runs the scenario on a connection whose SetupConnection succeeded.
pub fn run(connection: &mut NoiseConnection, options: &StandardChannelOptions) -> Result<()> {
    let channel = open_channel(connection, options)?;
    let mut miner = Miner {
        connection,
        channel_id: channel.channel_id,
        group_channel_id: channel.group_channel_id,
        target: channel.target,
        future_jobs: HashMap::new(),
        job: None,
        tip: None,
        earlier_tip_job: None,
        tips_seen: 0,
        next_sequence_number: 1,
        next_nonce: 0,
    };
    report(&format!(
        "CHANNEL_OPEN channel_id={} group_channel_id={} target={} extranonce_prefix_len={}",
        channel.channel_id,
        channel.group_channel_id,
        display_hex(&miner.target),
        channel.extranonce_prefix_len
    ));
    miner.await_work()?;
    let mut last_accepted: Option<(Share, u64)> = None;
    let mut number = 1;
    let mut stale_retries = 0;
    while number <= options.shares {
        let share = miner.grind(options.max_hashes_per_share)?;
        let tips_at_send = miner.tips_seen;
        let sequence_number = miner.submit(share)?;
        report(&format!(
            "SHARE_SENT seq={sequence_number} job_id={} nonce=0x{:08x} ntime={} version=0x{:08x} hash={}",
            share.job_id,
            share.nonce,
            share.ntime,
            share.version,
            display_hex(&share.hash)
        ));
        match miner.await_answer(sequence_number)? {
            Answer::Accepted {
                last_sequence_number,
                new_submits_accepted_count,
            } => {
                report(&format!("SHARE_ACCEPTED seq={sequence_number} last_sequence_number={last_sequence_number} new_submits_accepted_count={new_submits_accepted_count} ({number}/{})", options.shares));
                last_accepted = Some((share, miner.tips_seen));
                number += 1;
            }
            // A new chain tip crossed the share on the wire (on regtest every share is a block):
            // the pool is right to call it stale; mine the same share again on the new tip.
            Answer::Rejected(code)
                if code == ERROR_CODE_SUBMIT_SHARES_STALE_SHARE
                    && miner.tips_seen > tips_at_send
                    && stale_retries < MAX_STALE_RETRIES =>
            {
                stale_retries += 1;
                report(&format!(
                    "SHARE_STALE seq={sequence_number} (a new chain tip arrived while it was in flight; mining it again)"
                ));
            }
            Answer::Rejected(code) => {
                return Err(Failure::new(
                    "share",
                    format!(
                    "share {sequence_number} met the channel target but was rejected with {code:?}"
                ),
                ))
            }
        }
    }
    for &bad in &options.bad_shares {
        miner.bad_share(bad, last_accepted)?;
    }
    Ok(())
}

fn open_channel(
    connection: &mut NoiseConnection,
    options: &StandardChannelOptions,
) -> Result<OpenedChannel> {
    let stage = "open-channel";
    let identity = binary_sv2::Str0255::try_from(options.identity.as_str())
        .map_err(|_| Failure::usage("--identity is longer than 255 bytes"))?;
    let max_target = [0xff_u8; 32];
    connection.send_message(
        OpenStandardMiningChannel {
            request_id: REQUEST_ID,
            user_identity: identity,
            nominal_hash_rate: options.nominal_hash_rate,
            max_target: U256::from(&max_target),
        },
        MESSAGE_TYPE_OPEN_STANDARD_MINING_CHANNEL,
        CORE_EXTENSION,
        CHANNEL_BIT_OPEN_STANDARD_MINING_CHANNEL,
    )?;
    let mut frame = connection.expect_frame("OpenStandardMiningChannel.Success")?;
    match (frame.extension_type, frame.msg_type) {
        (CORE_EXTENSION, MESSAGE_TYPE_OPEN_STANDARD_MINING_CHANNEL_SUCCESS) => {
            let success: OpenStandardMiningChannelSuccess = decode(&mut frame, stage)?;
            if success.request_id != REQUEST_ID {
                return Err(Failure::new(
                    stage,
                    format!("answer names request {}, not {REQUEST_ID}", success.request_id),
                ));
            }
            Ok(OpenedChannel {
                channel_id: success.channel_id,
                group_channel_id: success.group_channel_id,
                target: success.target.to_array(),
                extranonce_prefix_len: success.extranonce_prefix.len(),
            })
        }
        (CORE_EXTENSION, MESSAGE_TYPE_OPEN_MINING_CHANNEL_ERROR) => {
            let error: OpenMiningChannelError = decode(&mut frame, stage)?;
            Err(Failure::new(
                stage,
                format!(
                    "refused with {:?}",
                    String::from_utf8_lossy(error.error_code.as_bytes())
                ),
            ))
        }
        (extension, msg_type) => Err(Failure::new(
            stage,
            format!("expected OpenStandardMiningChannel.Success, got extension 0x{extension:04x} type 0x{msg_type:02x}"),
        )),
    }
}

struct Miner<'c> {
    connection: &'c mut NoiseConnection,
    channel_id: u32,
    group_channel_id: u32,
    target: [u8; 32],
    future_jobs: HashMap<u32, Job>,
    job: Option<Job>,
    tip: Option<Tip>,
    /// The job that was current before the latest tip change, for the stale bad share.
    earlier_tip_job: Option<Job>,
    tips_seen: u64,
    next_sequence_number: u32,
    /// Where the next nonce search starts, so no share repeats an earlier one.
    next_nonce: u32,
}

impl Miner<'_> {
    fn await_work(&mut self) -> Result<()> {
        while self.job.is_none() || self.tip.is_none() {
            let frame = self
                .connection
                .expect_frame("NewMiningJob and SetNewPrevHash")?;
            if let Some(answer) = self.handle(frame)? {
                let _ = answer;
                return Err(Failure::new(
                    "job",
                    "a share answer arrived before any share was sent",
                ));
            }
        }
        let (job, tip) = self.work()?;
        report(&format!(
            "JOB job_id={} version=0x{:08x} prev_hash={} min_ntime={} nbits=0x{:08x}",
            job.id,
            job.version,
            display_hex(&tip.prev_hash),
            tip.min_ntime,
            tip.nbits
        ));
        Ok(())
    }

    fn work(&self) -> Result<(Job, Tip)> {
        match (&self.job, &self.tip) {
            (Some(job), Some(tip)) => Ok((job.clone(), *tip)),
            _ => Err(Failure::new("job", "no job on the current chain tip")),
        }
    }

    /// Applies one pool message; returns the answer if it was one for a share.
    fn handle(&mut self, mut frame: Frame) -> Result<Option<(u32, Answer)>> {
        let stage = "mining";
        if frame.extension_type != CORE_EXTENSION {
            return Err(Failure::new(
                stage,
                format!(
                    "unexpected extension 0x{:04x} type 0x{:02x}",
                    frame.extension_type, frame.msg_type
                ),
            ));
        }
        match frame.msg_type {
            MESSAGE_TYPE_NEW_MINING_JOB => {
                let job: NewMiningJob = decode(&mut frame, stage)?;
                self.check_channel(job.channel_id, "NewMiningJob")?;
                let min_ntime = job.min_ntime.clone().into_inner();
                let parsed = Job {
                    id: job.job_id,
                    version: job.version,
                    merkle_root: job.merkle_root.to_array(),
                    min_ntime,
                };
                if min_ntime.is_some() && self.tip.is_some() {
                    self.job = Some(parsed);
                } else {
                    self.future_jobs.insert(parsed.id, parsed);
                }
                Ok(None)
            }
            MESSAGE_TYPE_MINING_SET_NEW_PREV_HASH => {
                let prev_hash: SetNewPrevHash = decode(&mut frame, stage)?;
                self.check_channel(prev_hash.channel_id, "SetNewPrevHash")?;
                let activated = self.future_jobs.remove(&prev_hash.job_id);
                self.future_jobs.clear();
                if self.tip.is_some() {
                    self.earlier_tip_job = self.job.take();
                }
                self.job = activated;
                self.tip = Some(Tip {
                    prev_hash: prev_hash.prev_hash.to_array(),
                    min_ntime: prev_hash.min_ntime,
                    nbits: prev_hash.nbits,
                });
                self.tips_seen += 1;
                if self.job.is_none() {
                    return Err(Failure::new(
                        stage,
                        format!(
                            "SetNewPrevHash activates job {} that was never announced",
                            prev_hash.job_id
                        ),
                    ));
                }
                report(&format!(
                    "NEW_PREV_HASH job_id={} prev_hash={}",
                    prev_hash.job_id,
                    display_hex(&prev_hash.prev_hash.to_array())
                ));
                Ok(None)
            }
            MESSAGE_TYPE_SET_TARGET => {
                let target: SetTarget = decode(&mut frame, stage)?;
                self.check_channel(target.channel_id, "SetTarget")?;
                self.target = target.maximum_target.to_array();
                report(&format!("SET_TARGET target={}", display_hex(&self.target)));
                Ok(None)
            }
            MESSAGE_TYPE_SUBMIT_SHARES_SUCCESS => {
                let success: SubmitSharesSuccess = decode(&mut frame, stage)?;
                self.check_channel(success.channel_id, "SubmitShares.Success")?;
                Ok(Some((
                    success.last_sequence_number,
                    Answer::Accepted {
                        last_sequence_number: success.last_sequence_number,
                        new_submits_accepted_count: success.new_submits_accepted_count,
                    },
                )))
            }
            MESSAGE_TYPE_SUBMIT_SHARES_ERROR => {
                let error: SubmitSharesError = decode(&mut frame, stage)?;
                self.check_channel(error.channel_id, "SubmitShares.Error")?;
                Ok(Some((
                    error.sequence_number,
                    Answer::Rejected(
                        String::from_utf8_lossy(error.error_code.as_bytes()).into_owned(),
                    ),
                )))
            }
            MESSAGE_TYPE_CLOSE_CHANNEL => {
                let close: CloseChannel = decode(&mut frame, stage)?;
                Err(Failure::new(
                    stage,
                    format!(
                        "the pool closed channel {}: {:?}",
                        close.channel_id,
                        String::from_utf8_lossy(close.reason_code.as_bytes())
                    ),
                ))
            }
            // SetExtranoncePrefix, SetGroupChannel and the like change nothing for this miner.
            _ => Ok(None),
        }
    }

    fn check_channel(&self, channel_id: u32, what: &str) -> Result<()> {
        if channel_id == self.channel_id || channel_id == self.group_channel_id {
            Ok(())
        } else {
            Err(Failure::new(
                "mining",
                format!(
                    "{what} for channel {channel_id}, ours is {}",
                    self.channel_id
                ),
            ))
        }
    }

    /// Waits for a chain tip change unless one already happened: a stale share needs a job of an
    /// earlier tip (on regtest the blocks the shares found bring one once the pool has the next
    /// template). Gives up after the connection's read timeout.
    fn await_tip_change(&mut self) -> Result<()> {
        if self.earlier_tip_job.is_some() {
            return Ok(());
        }
        report("WAITING_FOR_NEW_TIP");
        while self.earlier_tip_job.is_none() {
            let frame = self
                .connection
                .expect_frame("a new chain tip (SetNewPrevHash)")?;
            if let Some((seq, _)) = self.handle(frame)? {
                return Err(Failure::new(
                    "bad-share",
                    format!("unexpected answer for sequence number {seq} while waiting for a new chain tip"),
                ));
            }
        }
        Ok(())
    }

    /// Reads until the answer for `sequence_number`, applying jobs and tips on the way.
    fn await_answer(&mut self, sequence_number: u32) -> Result<Answer> {
        loop {
            let frame = self
                .connection
                .expect_frame(&format!("the answer to share {sequence_number}"))?;
            match self.handle(frame)? {
                None => {}
                Some((last, answer @ Answer::Accepted { .. })) if last >= sequence_number => {
                    return Ok(answer)
                }
                Some((seq, answer @ Answer::Rejected(_))) if seq == sequence_number => {
                    return Ok(answer)
                }
                Some((seq, _)) => {
                    return Err(Failure::new(
                        "share",
                        format!(
                            "answer for sequence number {seq} while waiting for {sequence_number}"
                        ),
                    ))
                }
            }
        }
    }

    fn submit(&mut self, share: Share) -> Result<u32> {
        let sequence_number = self.next_sequence_number;
        self.next_sequence_number += 1;
        self.connection.send_message(
            SubmitSharesStandard {
                channel_id: self.channel_id,
                sequence_number,
                job_id: share.job_id,
                nonce: share.nonce,
                ntime: share.ntime,
                version: share.version,
            },
            MESSAGE_TYPE_SUBMIT_SHARES_STANDARD,
            CORE_EXTENSION,
            CHANNEL_BIT_SUBMIT_SHARES_STANDARD,
        )?;
        Ok(sequence_number)
    }

    /// Searches nonces until the header hash is at most the channel target.
    fn grind(&mut self, max_hashes: u64) -> Result<Share> {
        let (job, tip) = self.work()?;
        let ntime = ntime_for(&job, &tip);
        let mut header = header(&job, &tip, ntime);
        for _ in 0..max_hashes.min(1 << 32) {
            let nonce = self.next_nonce;
            self.next_nonce = nonce.wrapping_add(1);
            header[76..80].copy_from_slice(&nonce.to_le_bytes());
            let hash = sha256d::Hash::hash(&header).to_byte_array();
            if le_at_most(&hash, &self.target) {
                return Ok(Share {
                    job_id: job.id,
                    nonce,
                    ntime,
                    version: job.version,
                    hash,
                });
            }
        }
        Err(Failure::new(
            "grind",
            format!(
                "no nonce in {max_hashes} met the channel target {}; announce a lower --hashrate",
                display_hex(&self.target)
            ),
        ))
    }

    fn bad_share(&mut self, bad: BadShare, last_accepted: Option<(Share, u64)>) -> Result<()> {
        let stage = "bad-share";
        let (job, tip) = self.work()?;
        let ntime = ntime_for(&job, &tip);
        let share = match bad {
            BadShare::UnknownJob => Share {
                job_id: job.id.wrapping_add(0x4000_0000),
                nonce: 0,
                ntime,
                version: job.version,
                hash: [0; 32],
            },
            BadShare::LowDifficulty => {
                let network = compact_target(tip.nbits);
                let easier = if le_at_most(&self.target, &network) {
                    network
                } else {
                    self.target
                };
                let mut header = header(&job, &tip, ntime);
                let found = (0..1_000_000u32).find_map(|nonce| {
                    header[76..80].copy_from_slice(&nonce.to_le_bytes());
                    let hash = sha256d::Hash::hash(&header).to_byte_array();
                    (!le_at_most(&hash, &easier)).then_some((nonce, hash))
                });
                let (nonce, hash) = found.ok_or_else(|| {
                    Failure::new(
                        stage,
                        "every hash meets the target: no share can be too easy",
                    )
                })?;
                Share {
                    job_id: job.id,
                    nonce,
                    ntime,
                    version: job.version,
                    hash,
                }
            }
            BadShare::Duplicate => {
                last_accepted
                    .ok_or_else(|| {
                        Failure::usage("--bad-shares duplicate needs --shares 1 or more")
                    })?
                    .0
            }
            BadShare::Stale => {
                self.await_tip_change()?;
                let earlier = self.earlier_tip_job.clone().ok_or_else(|| {
                    Failure::new(stage, "the new chain tip came without a job before it")
                })?;
                Share {
                    job_id: earlier.id,
                    nonce: 0,
                    ntime,
                    version: earlier.version,
                    hash: [0; 32],
                }
            }
        };
        let sequence_number = self.submit(share)?;
        let answer = self.await_answer(sequence_number)?;
        let expected = match bad {
            BadShare::UnknownJob => ERROR_CODE_SUBMIT_SHARES_INVALID_JOB_ID,
            BadShare::LowDifficulty => ERROR_CODE_SUBMIT_SHARES_DIFFICULTY_TOO_LOW,
            BadShare::Stale => ERROR_CODE_SUBMIT_SHARES_STALE_SHARE,
            BadShare::Duplicate => match last_accepted {
                Some((_, tips_then)) if tips_then == self.tips_seen => {
                    ERROR_CODE_SUBMIT_SHARES_DUPLICATE_SHARE
                }
                _ => ERROR_CODE_SUBMIT_SHARES_STALE_SHARE,
            },
        };
        match answer {
            Answer::Rejected(code) if code == expected => {
                report(&format!(
                    "SHARE_REJECTED seq={sequence_number} kind={} error_code={code}",
                    bad.name()
                ));
                Ok(())
            }
            Answer::Rejected(code) => Err(Failure::new(
                stage,
                format!(
                    "{} share {sequence_number}: expected {expected:?}, got {code:?}",
                    bad.name()
                ),
            )),
            Answer::Accepted { .. } => Err(Failure::new(
                stage,
                format!(
                    "{} share {sequence_number} was accepted; expected {expected:?}",
                    bad.name()
                ),
            )),
        }
    }
}

fn decode<'a, T: binary_sv2::Deserialize<'a>>(
    frame: &'a mut Frame,
    stage: &'static str,
) -> Result<T> {
    binary_sv2::from_bytes(&mut frame.payload).map_err(|e| {
        Failure::new(
            stage,
            format!(
                "message type 0x{:02x} does not decode: {e:?}",
                frame.msg_type
            ),
        )
    })
}

/// The wall clock, never below the job's or the tip's `min_ntime`.
fn ntime_for(job: &Job, tip: &Tip) -> u32 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let now = u32::try_from(now).unwrap_or(u32::MAX);
    now.max(tip.min_ntime).max(job.min_ntime.unwrap_or(0))
}

/// The 80-byte header with nonce 0.
fn header(job: &Job, tip: &Tip, ntime: u32) -> [u8; 80] {
    let mut header = [0u8; 80];
    header[0..4].copy_from_slice(&job.version.to_le_bytes());
    header[4..36].copy_from_slice(&tip.prev_hash);
    header[36..68].copy_from_slice(&job.merkle_root);
    header[68..72].copy_from_slice(&ntime.to_le_bytes());
    header[72..76].copy_from_slice(&tip.nbits.to_le_bytes());
    header
}

/// `a <= b` for 32-byte little-endian unsigned integers.
pub fn le_at_most(a: &[u8; 32], b: &[u8; 32]) -> bool {
    for i in (0..32).rev() {
        if a[i] != b[i] {
            return a[i] < b[i];
        }
    }
    true
}

/// The target a compact `nbits` encodes, as 32 little-endian bytes (saturating at 2^256-1).
pub fn compact_target(nbits: u32) -> [u8; 32] {
    let exponent = (nbits >> 24) as usize;
    let mantissa = nbits & 0x007f_ffff;
    let mut target = [0u8; 32];
    let bytes = mantissa.to_le_bytes();
    if exponent <= 3 {
        let value = mantissa >> (8 * (3 - exponent));
        target[..4].copy_from_slice(&value.to_le_bytes());
        return target;
    }
    for (i, byte) in bytes.iter().take(3).enumerate() {
        let position = exponent - 3 + i;
        if position < 32 {
            target[position] = *byte;
        } else if *byte != 0 {
            return [0xff; 32];
        }
    }
    target
}

/// Hex of a U256 in display (big-endian) order, as block explorers print hashes.
fn display_hex(bytes: &[u8; 32]) -> String {
    bytes.iter().rev().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_targets_expand_like_bitcoin() {
        // Regtest: 0x207fffff = 0x7fffff * 256^(0x20 - 3).
        let regtest = compact_target(0x207f_ffff);
        assert_eq!(&regtest[29..32], &[0xff, 0xff, 0x7f]);
        assert!(regtest[..29].iter().all(|&b| b == 0));
        // Difficulty 1: 0x1d00ffff = 0xffff * 256^26.
        let one = compact_target(0x1d00_ffff);
        assert_eq!(&one[26..28], &[0xff, 0xff]);
        assert!(one[28..].iter().all(|&b| b == 0));
    }

    #[test]
    fn little_endian_comparison_reads_the_last_byte_as_most_significant() {
        let mut small = [0u8; 32];
        let mut large = [0u8; 32];
        small[0] = 0xff;
        large[31] = 0x01;
        assert!(le_at_most(&small, &large));
        assert!(!le_at_most(&large, &small));
        assert!(le_at_most(&large, &large));
    }

    #[test]
    fn the_derived_share_vector_hashes_to_its_recorded_hash() {
        // testdata/vectors/derived/sv2-standard-share.derived.json, accepted_share.
        let job = Job {
            id: 1,
            version: 536_945_472,
            merkle_root: hex32("6820b798aeb959cb5c2afa5192340a76e4b076e7449ac63e8c3b69a81e55f949"),
            min_ntime: None,
        };
        let tip = Tip {
            prev_hash: hex32("f6652fdb7d677f35ecd07a945b76c822157d41cd8c30288de8a434e9053745dc"),
            min_ntime: 1_754_000_000,
            nbits: 386_114_316,
        };
        let mut header = header(&job, &tip, 1_754_000_005);
        header[76..80].copy_from_slice(&154u32.to_le_bytes());
        let hash = sha256d::Hash::hash(&header).to_byte_array();
        assert_eq!(
            hash,
            hex32("ffe974d4f951743ea8fabdc8a8b5c82ec6e0b2f9f8d699fbca1bdf5346e5d300")
        );
        let channel_target =
            hex32("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff00");
        assert!(le_at_most(&hash, &channel_target));
        assert!(!le_at_most(&hash, &compact_target(tip.nbits)));
    }

    fn hex32(text: &str) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).unwrap();
        }
        out
    }
}
