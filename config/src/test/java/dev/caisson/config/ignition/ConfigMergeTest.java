package dev.caisson.config.ignition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caisson.config.schema.ConfigSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ignition's merge rules, from a table: parent, child, expected result (single quotes stand for double). */
class ConfigMergeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode json(String s) throws Exception {
    return (ObjectNode) JSON.readTree(s.replace('\'', '"'));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      child field overrides | {'storage':{'files':[{'path':'/a','mode':420}]}} | {'storage':{'files':[{'path':'/a','mode':384}]}} | {'storage':{'files':[{'path':'/a','mode':384}]}}
      keyed entries merge by key | {'storage':{'files':[{'path':'/a','mode':420,'overwrite':true}]}} | {'storage':{'files':[{'path':'/a','mode':384}]}} | {'storage':{'files':[{'path':'/a','mode':384,'overwrite':true}]}}
      new child entries come after | {'systemd':{'units':[{'name':'a.service'}]}} | {'systemd':{'units':[{'name':'b.service'}]}} | {'systemd':{'units':[{'name':'a.service'},{'name':'b.service'}]}}
      dropins merge inside units | {'systemd':{'units':[{'name':'a.service','dropins':[{'name':'1.conf','contents':'x'}]}]}} | {'systemd':{'units':[{'name':'a.service','dropins':[{'name':'2.conf'}]}]}} | {'systemd':{'units':[{'name':'a.service','dropins':[{'name':'1.conf','contents':'x'},{'name':'2.conf'}]}]}}
      plain lists gain new values only | {'passwd':{'users':[{'name':'u','groups':['a','b']}]}} | {'passwd':{'users':[{'name':'u','groups':['b','c']}]}} | {'passwd':{'users':[{'name':'u','groups':['a','b','c']}]}}
      header without value deletes | {'ignition':{'version':'3.4.0','config':{'replace':{'source':'http://x','httpHeaders':[{'name':'A','value':'1'},{'name':'B','value':'2'}]}}}} | {'ignition':{'version':'3.4.0','config':{'replace':{'httpHeaders':[{'name':'A'}]}}}} | {'ignition':{'version':'3.4.0','config':{'replace':{'source':'http://x','httpHeaders':[{'name':'B','value':'2'}]}}}}
      directory replaces parent file at same path | {'storage':{'files':[{'path':'/x'}]}} | {'storage':{'directories':[{'path':'/x'}]}} | {'storage':{'files':[],'directories':[{'path':'/x'}]}}
      partitions by number else label | {'storage':{'disks':[{'device':'/dev/vda','partitions':[{'number':1,'sizeMiB':1},{'label':'data','sizeMiB':2}]}]}} | {'storage':{'disks':[{'device':'/dev/vda','partitions':[{'number':1,'sizeMiB':5},{'label':'data','sizeMiB':6}]}]}} | {'storage':{'disks':[{'device':'/dev/vda','partitions':[{'number':1,'sizeMiB':5},{'label':'data','sizeMiB':6}]}]}}
      parent untouched sections stay | {'kernelArguments':{'shouldExist':['a']}} | {'storage':{'files':[{'path':'/a'}]}} | {'kernelArguments':{'shouldExist':['a']},'storage':{'files':[{'path':'/a'}]}}
      """)
  void mergesAsIgnitionDoes(String name, String parent, String child, String expected) throws Exception {
    var merge = new ConfigMerge(new ConfigSchema().root());
    ObjectNode p = json(parent);
    ObjectNode before = p.deepCopy();
    assertThat(merge.merge(p, json(child))).isEqualTo(json(expected));
    assertThat(p).as("the parent is not changed").isEqualTo(before);
  }
}
