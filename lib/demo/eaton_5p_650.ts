/**
 * The device of `nut demo`: a real Eaton 5P 650 as NUT's usbhid-ups saw it (NUT Devices Dumps Library,
 * Eaton__5P_650__usbhid-ups__2.7.4__01.dev, from https://justit.eu/quick-setup-network-ups-tools-nut-server-on-debian-10/),
 * kept in a module so the binary needs no loose data files.
 * @module
 */

/** The dump in dummy-ups .dev format (`name: value` lines). */
export const EATON_5P_650_DEV = `battery.capacity: 9.00
battery.charge: 100
battery.charge.low: 20
battery.charge.restart: 0
battery.charger.status: floating
battery.energysave: no
battery.energysave.delay: 300
battery.energysave.load: 5
battery.protection: yes
battery.runtime: 1575
battery.type: PbAc
battery.voltage: 13.7
battery.voltage.nominal: 12
device.mfr: EATON
device.model: 5P 650
device.serial: G114L41071
device.type: ups
driver.name: usbhid-ups
driver.parameter.pollfreq: 30
driver.parameter.pollinterval: 2
driver.parameter.port: auto
driver.parameter.synchronous: no
driver.version: 2.7.4
driver.version.data: MGE HID 1.39
driver.version.internal: 0.41
input.current: 0.70
input.frequency: 49.9
input.frequency.extended: no
input.frequency.nominal: 50
input.sensitivity: normal
input.transfer.boost.low: 184
input.transfer.high: 294
input.transfer.low: 160
input.transfer.trim.high: 265
input.voltage: 235.9
input.voltage.extended: no
input.voltage.nominal: 230
outlet.1.autoswitch.charge.low: 0
outlet.1.delay.shutdown: 65535
outlet.1.delay.start: 3
outlet.1.desc: PowerShare Outlet 1
outlet.1.id: 1
outlet.1.status: on
outlet.1.switchable: yes
outlet.2.autoswitch.charge.low: 0
outlet.2.delay.shutdown: 65535
outlet.2.delay.start: 6
outlet.2.desc: PowerShare Outlet 2
outlet.2.id: 2
outlet.2.status: on
outlet.2.switchable: yes
outlet.desc: Main Outlet
outlet.id: 0
outlet.switchable: no
output.current: 0.60
output.frequency: 49.9
output.frequency.nominal: 50
output.powerfactor: 0.53
output.voltage: 235.9
output.voltage.nominal: 230
ups.beeper.status: enabled
ups.delay.shutdown: 20
ups.delay.start: 30
ups.efficiency: 86
ups.firmware: 02.14.0026
ups.load: 21
ups.load.high: 105
ups.mfr: EATON
ups.model: 5P 650
ups.power: 142
ups.power.nominal: 650
ups.productid: ffff
ups.realpower: 76
ups.realpower.nominal: 420
ups.serial: G114L41071
ups.shutdown: enabled
ups.start.auto: yes
ups.start.battery: yes
ups.start.reboot: yes
ups.status: OL CHRG
ups.test.interval: 2592000
ups.test.result: Done and passed
ups.timer.shutdown: 0
ups.timer.start: 0
ups.type: offline / line interactive
ups.vendorid: 0463
`;
