package io.groupdesk.api.zendeskxml;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** IANA zones by their Rails names, as the classic API's {@code <time-zone>} shows them (seed 002). */
class RailsTimeZonesTest {
    @Test
    void keepsRailsWholeTable() {
        assertThat(RailsTimeZones.size()).isEqualTo(151);
    }

    @Test
    void namesAZoneByItsRailsName() {
        assertThat(RailsTimeZones.name("America/New_York")).isEqualTo("Eastern Time (US & Canada)");
        assertThat(RailsTimeZones.name("Europe/Paris")).isEqualTo("Paris");
        assertThat(RailsTimeZones.name("Asia/Tokyo")).isEqualTo("Osaka");
        assertThat(RailsTimeZones.name("Etc/GMT+12")).isEqualTo("International Date Line West");
    }

    @Test
    void namesAZoneWithSeveralRailsNamesByTheFirstAsRailsDoes() {
        assertThat(RailsTimeZones.name("Europe/London")).isEqualTo("Edinburgh");
        assertThat(RailsTimeZones.name("Asia/Kolkata")).isEqualTo("Chennai");
        assertThat(RailsTimeZones.name("America/Mexico_City")).isEqualTo("Guadalajara");
    }

    @Test
    void namesAnotherNameOfATableZoneByThatZonesRailsName() {
        assertThat(RailsTimeZones.name("UTC")).isEqualTo("UTC");
        assertThat(RailsTimeZones.name("Etc/UTC")).isEqualTo("UTC");
        assertThat(RailsTimeZones.name("GMT")).isEqualTo("UTC");
        assertThat(RailsTimeZones.name("US/Eastern")).isEqualTo("Eastern Time (US & Canada)");
        assertThat(RailsTimeZones.name("Europe/Kyiv")).isEqualTo("Kyiv");
        assertThat(RailsTimeZones.name("Asia/Calcutta")).isEqualTo("Chennai");
    }

    @Test
    void showsAZoneRailsDoesNotNameByItsIanaName() {
        assertThat(RailsTimeZones.name("America/Anchorage")).isEqualTo("America/Anchorage");
        assertThat(RailsTimeZones.name("Antarctica/Troll")).isEqualTo("Antarctica/Troll");
    }
}
