package dev.caisson.disk;

import java.nio.file.Path;
import java.util.Map;

/**
 * Maps a device path from the config ({@code /dev/vda}, {@code /dev/disk/by-id/...}) to the file to
 * open: the device itself on a machine, an image file in tests and demos
 * ({@code --device-map /dev/vda=disk.img}).
 */
public interface DeviceResolver {
  Path resolve(String device);

  /** Whether {@code device} was mapped explicitly (rather than used as a path as it is). */
  boolean mapped(String device);

  /** Each device is the path it names. */
  static DeviceResolver identity() {
    return new MappedDevices(Map.of());
  }

  /** The given devices go to the given files; any other device is the path it names. */
  static DeviceResolver mapping(Map<String, Path> map) {
    return new MappedDevices(map);
  }

  /** A fixed mapping with the identity as the fallback. */
  record MappedDevices(Map<String, Path> map) implements DeviceResolver {
    public MappedDevices {
      map = Map.copyOf(map);
    }

    @Override
    public Path resolve(String device) {
      return map.getOrDefault(device, Path.of(device));
    }

    @Override
    public boolean mapped(String device) {
      return map.containsKey(device);
    }
  }
}
