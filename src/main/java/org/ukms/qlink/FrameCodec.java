package org.ukms.qlink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.ukms.bb84.Bb84Message;
import org.ukms.crypto.ConstantTime;
import org.ukms.crypto.Hkdf;
import org.ukms.crypto.Secret;

/**
 * Frames on the link's TCP stream: {@code type(1) ‖ seq(8) ‖ length(4) ‖ payload ‖
 * HMAC-SHA256(direction(1) ‖ type ‖ seq ‖ length ‖ payload)}. Each direction numbers its frames
 * from 0; a frame whose number is not the next one (replayed, reordered, dropped) or whose MAC
 * fails raises {@link LinkAuthException}. The hellos (frame 0) are MACed under the link key
 * {@code HKDF(link secret, "ukms-sim bb84 link v1")}; every later frame under a session key
 * derived from it and both hellos' nonces. The first two frames each way (hello, slot counts)
 * may announce at most {@link #MAX_HELLO} bytes: nothing large is read before the peer has
 * proved it holds the link secret in this session. Photon frames are also encrypted (AES-CTR
 * under a session key): on TCP they stand for photons, which nobody can read without disturbing
 * them.
 * Not thread-safe: one reader and one writer thread at most.
 */
final class FrameCodec {
  static final int MAX_PAYLOAD = 8 << 20;
  static final int MAX_PULSES = 1 << 22;
  /**
   * The most a handshake frame (the hello, read before anything is authenticated, and the slot
   * counts) may announce.
   */
  static final int MAX_HELLO = 1024;
  private static final byte HELLO = 1;
  private static final byte LEVEL_QUERY = 2;
  private static final byte LEVEL = 3;
  private static final byte SLOTS = 4;
  private static final byte READY = 5;
  private static final byte PHOTONS = 10;
  private static final byte DETECTIONS = 11;
  private static final byte SIFTING = 12;
  private static final byte SAMPLE = 13;
  private static final byte PARITY_QUERY = 14;
  private static final byte PARITY_ANSWER = 15;
  private static final byte CASCADE_DONE = 16;
  private static final byte VERIFICATION = 17;
  private static final byte CONFIRMED = 18;

  private final DataInputStream in;
  private final DataOutputStream out;
  private final byte mine;
  private final byte theirs;
  private final byte[] linkKey;
  private Mac mac;
  private SecretKeySpec photonKey;
  private long sent;
  private long received;

  /** {@code dialer}: which end this is (the two directions MAC differently). */
  FrameCodec(DataInputStream in, DataOutputStream out, boolean dialer, Secret linkSecret) {
    this.in = in;
    this.out = out;
    this.mine = (byte) (dialer ? 'D' : 'L');
    this.theirs = (byte) (dialer ? 'L' : 'D');
    byte[] secret = linkSecret.reveal();
    try {
      this.linkKey = Hkdf.derive(new byte[0], secret, label("ukms-sim bb84 link v1"), 32);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
    this.mac = hmac(linkKey);
  }

  /** After both hellos: the session keys from the dialer's and the listener's nonces. */
  void startSession(Control.Hello dialer, Control.Hello listener) {
    byte[] salt = ByteBuffer.allocate(32).putLong(dialer.nonceHigh()).putLong(dialer.nonceLow())
        .putLong(listener.nonceHigh()).putLong(listener.nonceLow()).array();
    byte[] macKey = Hkdf.derive(salt, linkKey, label("ukms-sim bb84 classical v1"), 32);
    byte[] aes = Hkdf.derive(salt, linkKey, label("ukms-sim bb84 photons v1"), 16);
    mac = hmac(macKey);
    photonKey = new SecretKeySpec(aes, "AES");
    Arrays.fill(macKey, (byte) 0);
    Arrays.fill(aes, (byte) 0);
  }

  /** Zeroes the link key (the session keys live in the MAC and cipher objects until collected). */
  void close() {
    Arrays.fill(linkKey, (byte) 0);
  }

  void write(Object message) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(buffer);
    byte type = encode(message, d);
    byte[] payload = buffer.toByteArray();
    if (type == PHOTONS) {
      payload = photons(payload, mine, sent);
    }
    byte[] head = ByteBuffer.allocate(13).put(type).putLong(sent).putInt(payload.length).array();
    out.write(head);
    out.write(payload);
    out.write(tag(mine, head, payload));
    out.flush();
    sent++;
  }

  Object read() throws IOException {
    byte[] head = new byte[13];
    in.readFully(head);
    ByteBuffer h = ByteBuffer.wrap(head);
    byte type = h.get();
    long seq = h.getLong();
    int length = h.getInt();
    if (length < 0 || length > (received < 2 ? MAX_HELLO : MAX_PAYLOAD)) {
      throw new LinkAuthException("frame " + seq + " announces " + length + " bytes");
    }
    byte[] payload = new byte[length];
    in.readFully(payload);
    byte[] tag = new byte[32];
    in.readFully(tag);
    if (!ConstantTime.equal(tag, tag(theirs, head, payload))) {
      throw new LinkAuthException("bad MAC on frame " + seq + " (type " + type + ")");
    }
    if (seq != received) {
      throw new LinkAuthException("frame " + seq + " out of sequence, expected " + received
          + " (replayed or reordered)");
    }
    received++;
    if (type == PHOTONS) {
      payload = photons(payload, theirs, seq);
    }
    try {
      return decode(type, new DataInputStream(new ByteArrayInputStream(payload)));
    } catch (EOFException | IllegalArgumentException e) {
      throw new LinkAuthException("malformed frame " + seq + " (type " + type + "): "
          + e.getMessage());
    }
  }

  private static byte encode(Object m, DataOutputStream d) throws IOException {
    if (m instanceof Control.Hello x) {
      d.writeUTF(x.kmeId());
      d.writeUTF(x.saeId());
      d.writeLong(x.nonceHigh());
      d.writeLong(x.nonceLow());
      return HELLO;
    } else if (m instanceof Control.LevelQuery) {
      return LEVEL_QUERY;
    } else if (m instanceof Control.Level x) {
      d.writeInt(x.stored());
      return LEVEL;
    } else if (m instanceof Control.Ready) {
      return READY;
    } else if (m instanceof Control.Slots x) {
      d.writeLong(x.full());
      d.writeBoolean(x.partial());
      return SLOTS;
    } else if (m instanceof Bb84Message.Photons x) {
      d.writeInt(x.pulses());
      bits(d, x.arrived());
      bits(d, x.bits());
      bits(d, x.bases());
      return PHOTONS;
    } else if (m instanceof Bb84Message.Detections x) {
      bits(d, x.detected());
      bits(d, x.bases());
      return DETECTIONS;
    } else if (m instanceof Bb84Message.Sifting x) {
      bits(d, x.matches());
      d.writeLong(x.sampleSeed());
      d.writeLong(x.cascadeSeed());
      bits(d, x.sampleBits());
      return SIFTING;
    } else if (m instanceof Bb84Message.Sample x) {
      bits(d, x.bits());
      return SAMPLE;
    } else if (m instanceof Bb84Message.ParityQuery x) {
      d.writeInt(x.pass());
      d.writeInt(x.ranges().size());
      for (Bb84Message.Range r : x.ranges()) {
        d.writeInt(r.lo());
        d.writeInt(r.hi());
      }
      return PARITY_QUERY;
    } else if (m instanceof Bb84Message.ParityAnswer x) {
      bits(d, x.parities());
      return PARITY_ANSWER;
    } else if (m instanceof Bb84Message.CascadeDone x) {
      d.writeInt(x.corrected());
      return CASCADE_DONE;
    } else if (m instanceof Bb84Message.Verification x) {
      d.writeLong(x.saltHigh());
      d.writeLong(x.saltLow());
      d.writeLong(x.tag());
      d.writeInt(x.secretBits());
      bits(d, x.seed());
      return VERIFICATION;
    } else if (m instanceof Bb84Message.Confirmed x) {
      d.writeInt(x.secretBits());
      return CONFIRMED;
    }
    throw new IllegalArgumentException("not a link message: " + m.getClass().getSimpleName());
  }

  private static Object decode(byte type, DataInputStream d) throws IOException {
    switch (type) {
      case HELLO:
        return new Control.Hello(d.readUTF(), d.readUTF(), d.readLong(), d.readLong());
      case LEVEL_QUERY:
        return new Control.LevelQuery();
      case LEVEL:
        return new Control.Level(d.readInt());
      case SLOTS:
        return new Control.Slots(d.readLong(), d.readBoolean());
      case READY:
        return new Control.Ready();
      case PHOTONS:
        int pulses = d.readInt();
        if (pulses < 1 || pulses > MAX_PULSES) {
          throw new IllegalArgumentException(pulses + " pulses");
        }
        return new Bb84Message.Photons(pulses, bits(d), bits(d), bits(d));
      case DETECTIONS:
        return new Bb84Message.Detections(bits(d), bits(d));
      case SIFTING:
        return new Bb84Message.Sifting(bits(d), d.readLong(), d.readLong(), bits(d));
      case SAMPLE:
        return new Bb84Message.Sample(bits(d));
      case PARITY_QUERY:
        int pass = d.readInt();
        int count = d.readInt();
        if (count < 0 || count > MAX_PULSES) {
          throw new IllegalArgumentException(count + " ranges");
        }
        List<Bb84Message.Range> ranges = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          ranges.add(new Bb84Message.Range(d.readInt(), d.readInt()));
        }
        return new Bb84Message.ParityQuery(pass, ranges);
      case PARITY_ANSWER:
        return new Bb84Message.ParityAnswer(bits(d));
      case CASCADE_DONE:
        return new Bb84Message.CascadeDone(d.readInt());
      case VERIFICATION:
        return new Bb84Message.Verification(d.readLong(), d.readLong(), d.readLong(),
            d.readInt(), bits(d));
      case CONFIRMED:
        return new Bb84Message.Confirmed(d.readInt());
      default:
        throw new IllegalArgumentException("unknown type");
    }
  }

  private static void bits(DataOutputStream d, BitSet bits) throws IOException {
    byte[] raw = bits.toByteArray();
    d.writeInt(raw.length);
    d.write(raw);
  }

  private static BitSet bits(DataInputStream d) throws IOException {
    int n = d.readInt();
    if (n < 0 || n > MAX_PAYLOAD) {
      throw new IllegalArgumentException("a bit set of " + n + " bytes");
    }
    byte[] raw = new byte[n];
    d.readFully(raw);
    return BitSet.valueOf(raw);
  }

  private byte[] tag(byte direction, byte[] head, byte[] payload) {
    mac.update(direction);
    mac.update(head);
    mac.update(payload);
    return mac.doFinal();
  }

  /** AES-CTR of a photon frame; the counter block is direction and frame number. */
  private byte[] photons(byte[] payload, byte direction, long seq) throws LinkAuthException {
    if (photonKey == null) {
      throw new LinkAuthException("photons before the hellos");
    }
    try {
      Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
      byte[] iv = ByteBuffer.allocate(16).put(direction).putLong(seq).array();
      aes.init(Cipher.ENCRYPT_MODE, photonKey, new IvParameterSpec(iv));
      return aes.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR unavailable", e);
    }
  }

  private static Mac hmac(byte[] key) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static byte[] label(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
